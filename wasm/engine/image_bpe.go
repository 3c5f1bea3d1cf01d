package engine

import (
	"encoding/binary"
	"fmt"
)

// The binary form of a BPE model: flags u8; unk_token, continuing_subword_prefix, end_of_word_suffix
// (blobs); the vocabulary (entry count u32, token arena blob, entry offsets u32 × count+1, ids u32 ×
// count); the merge table (count u32, then key u64 and value u64 per merge, key = pairKey(a, b),
// value = rank<<32 | merged id).

const (
	bpeHasUnk = 1 << iota
	bpeFuseUnk
	bpeByteFallback
	bpeIgnoreMerges
)

func (m *bpeModel) imageKind() byte { return modelKindBPE }

func (m *bpeModel) appendImage(dst []byte) []byte {
	var flags byte
	if m.hasUnk {
		flags |= bpeHasUnk
	}
	if m.fuseUnk {
		flags |= bpeFuseUnk
	}
	if m.byteFallback {
		flags |= bpeByteFallback
	}
	if m.ignoreMerges {
		flags |= bpeIgnoreMerges
	}
	dst = append(dst, flags)
	dst = appendBlob(dst, []byte(m.unkToken))
	dst = appendBlob(dst, []byte(m.prefix))
	dst = appendBlob(dst, []byte(m.suffix))
	v := m.vocab
	dst = appendU32(dst, uint32(len(v.ids)))
	dst = appendBlob(dst, []byte(v.arena))
	dst = appendU32s(dst, v.offs)
	dst = appendU32s(dst, v.ids)
	t := m.merges.table
	dst = appendU32(dst, uint32(t.n))
	for _, s := range t.slots {
		if s.key != emptyKey {
			dst = appendU64(appendU64(dst, s.key), s.val)
		}
	}
	return dst
}

func readBPEImage(r *imageReader) (model, error) {
	flags := r.u8("bpe flags")
	opts := bpeOptions{
		hasUnk:       flags&bpeHasUnk != 0,
		fuseUnk:      flags&bpeFuseUnk != 0,
		byteFallback: flags&bpeByteFallback != 0,
		ignoreMerges: flags&bpeIgnoreMerges != 0,
		unkToken:     string(r.blob("unk_token")),
		prefix:       string(r.blob("continuing_subword_prefix")),
		suffix:       string(r.blob("end_of_word_suffix")),
	}
	lim := DefaultLimits()
	n := r.count(lim.MaxVocab, 8, "vocabulary")
	arena := string(r.blob("token arena"))
	offs := r.u32s(n+1, "token offsets")
	ids := r.u32s(n, "token ids")
	if r.err != nil {
		return nil, r.err
	}
	vocab, err := newVocabTable(arena, offs, ids, lim.MaxVocab)
	if err != nil {
		return nil, fmt.Errorf("%w: vocabulary: %w", ErrBadImage, err)
	}
	nm := r.count(lim.MaxMerges, 16, "merges")
	merges := r.take(nm*16, "merges") // decoded in one loop: a call per merge costs more inside wasm
	if r.err != nil {
		return nil, r.err
	}
	table := newU64Table(nm)
	for i := 0; i+16 <= len(merges); i += 16 {
		key, val := binary.LittleEndian.Uint64(merges[i:]), binary.LittleEndian.Uint64(merges[i+8:])
		_, okA := vocab.token(uint32(key >> 32))
		_, okB := vocab.token(uint32(key))
		if _, okM := vocab.token(uint32(val)); !okA || !okB || !okM {
			return nil, fmt.Errorf("%w: merge %x -> %x: id out of vocabulary", ErrBadImage, key, val)
		}
		table.put(key, val)
	}
	return newBPE(opts, vocab, table), nil
}
