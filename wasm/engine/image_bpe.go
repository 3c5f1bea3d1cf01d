package engine

import (
	"encoding/binary"
	"fmt"
)

// The binary form of a BPE model: flags u8; unk_token, continuing_subword_prefix, end_of_word_suffix
// (blobs); the vocabulary (entry count u32, token arena blob, entry offsets u32 × count+1, ids u32 ×
// count); the merges (count u32, then left id, right id and merged id, u32 each, from the first rank to
// the last); the proved segments (image_segments.go). Only the order of ranks matters to BPE, so they are
// renumbered from 0.

const (
	bpeHasUnk = 1 << iota
	bpeFuseUnk
	bpeByteFallback
	bpeIgnoreMerges
)

func (m *bpeModel) imageKind() byte { return modelKindBPE }

func (m *bpeModel) imageSize() int {
	return len(m.vocab.arena) + 8*len(m.vocab.ids) + 12*m.merges.table.n + 64 + 20<<10
}

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
	// Ranks run from 0 with few gaps (a repeated pair leaves one), so slots are put in rank order by
	// placing them rather than sorting them.
	t := m.merges.table
	byRank := slotsByRank(t)
	dst = appendU32(dst, uint32(t.n))
	for _, i := range byRank {
		if i != 0 {
			s := t.slots[i-1]
			dst = appendU32(appendU32(appendU32(dst, uint32(s.key>>32)), uint32(s.key)), uint32(s.val))
		}
	}
	return appendSegmentsImage(dst, m.segments)
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
	nm := r.count(lim.MaxMerges, 12, "merges")
	merges := r.take(nm*12, "merges") // decoded in one loop: a call per merge costs more inside wasm
	if r.err != nil {
		return nil, r.err
	}
	table := newU64Table(nm)
	for rank := range nm {
		m := merges[rank*12 : rank*12+12]
		a, b, id := binary.LittleEndian.Uint32(m), binary.LittleEndian.Uint32(m[4:]), binary.LittleEndian.Uint32(m[8:])
		if !vocab.has(a) || !vocab.has(b) || !vocab.has(id) {
			return nil, fmt.Errorf("%w: merge %d (%d, %d -> %d): id out of vocabulary", ErrBadImage, rank, a, b, id)
		}
		table.put(pairKey(a, b), uint64(rank)<<32|uint64(id))
	}
	m := newBPE(opts, vocab, table)
	if m.segments = readSegmentsImage(r, m); r.err != nil {
		return nil, r.err
	}
	return m, nil
}
