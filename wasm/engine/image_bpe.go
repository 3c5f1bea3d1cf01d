package engine

import "fmt"

// The binary form of a BPE model: flags u8; unk_token, continuing_subword_prefix, end_of_word_suffix
// (blobs); the vocabulary (vocabTable.appendImage); the merge table and its filter (appendMergesImage); the proved segments
// (image_segments.go); the proved byte-level cuts (image_byte_cuts.go); the raw token filter
// (image_raw_tokens.go).

const (
	bpeHasUnk = 1 << iota
	bpeFuseUnk
	bpeByteFallback
	bpeIgnoreMerges
)

func (m *bpeModel) imageKind() byte { return modelKindBPE }

func (m *bpeModel) imageSize() int {
	v := m.vocab
	return len(v.arena) + 4*(len(v.offs)+len(v.ids)+len(v.byID)+len(v.index)) + 16*len(m.merges.table.slots) + 8*len(m.merges.filter) + 2*v.len() + 64 + 20<<10
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
	dst = m.vocab.appendImage(dst)
	dst = appendMergesImage(dst, m.merges)
	segments, cuts, rawTokens := m.segments, m.rawCuts, m.rawTokens
	if !m.proved { // loaded by LoadForImage
		segments, cuts, rawTokens = proveSegments(m), proveByteCuts(m), buildRawTokenFilter(m)
	}
	dst = appendSegmentsImage(dst, segments)
	dst = appendByteCutsImage(dst, cuts)
	return appendRawTokensImage(dst, rawTokens)
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
	vocab, inIDOrder, err := readVocabImage(r, lim.MaxVocab)
	if err != nil {
		return nil, err
	}
	merges, err := readMergesImage(r, vocab, inIDOrder, lim.MaxMerges)
	if err != nil {
		return nil, err
	}
	m := newBPE(opts, vocab, merges)
	if m.segments = readSegmentsImage(r, m); r.err != nil {
		return nil, r.err
	}
	m.proved = true
	if m.rawCuts = readByteCutsImage(r, m); r.err != nil {
		return nil, r.err
	}
	if m.rawTokens = readRawTokensImage(r, m); r.err != nil {
		return nil, r.err
	}
	return m, nil
}

// appendMergesImage writes the merge table and its filter as they are in memory, so that a reload needs
// no hashing: merge count u32, slot count u32, then aligned slots of pairKey(left, right) u64 and
// rank<<32 | merged id u64, then the filter's mergeFilterWords(merge count) u64 words.
func appendMergesImage(dst []byte, m *mergeTable) []byte {
	t := m.table
	dst = appendU32(appendU32(dst, uint32(t.n)), uint32(len(t.slots)))
	dst = appendSlotsRaw(appendPadding(dst, 0), t.slots)
	return appendU64sRaw(dst, m.filter)
}

// readMergesImage reads what appendMergesImage wrote, in place, and checks that lookups end (a power of two
// of slots, one at least empty) and that every merge joins and makes tokens of the vocabulary (of ids
// below its length when it is inIDOrder). Whatever its bits, the filter only decides which pairs are
// searched in the table.
func readMergesImage(r *imageReader, vocab *vocabTable, inIDOrder bool, maxMerges int) (*mergeTable, error) {
	n := r.count(maxMerges, 16, "merges")
	size := r.count(4*maxMerges+8, 16, "merge slots")
	r.align()
	t := &u64Table{slots: viewSlots(r.take(16*size, "merge slots")), n: n, mask: uint64(size - 1)}
	filter := viewU64s(r.take(8*mergeFilterWords(n), "merge filter"))
	if r.err != nil {
		return nil, r.err
	}
	if size < 8 || size&(size-1) != 0 {
		return nil, fmt.Errorf("%w: merge table of %d slots", ErrBadImage, size)
	}
	used := 0
	if inIDOrder {
		inRange, othersEmpty := countMergeSlots(t.slots, uint32(vocab.len()))
		if !othersEmpty {
			return nil, fmt.Errorf("%w: merge table: an id out of vocabulary", ErrBadImage)
		}
		used = inRange
	} else {
		for _, s := range t.slots {
			if s.key == emptyKey {
				continue
			}
			used++
			if a, b, id := uint32(s.key>>32), uint32(s.key), uint32(s.val); !vocab.has(a) || !vocab.has(b) || !vocab.has(id) {
				return nil, fmt.Errorf("%w: merge (%d, %d -> %d): id out of vocabulary", ErrBadImage, a, b, id)
			}
		}
	}
	if used != n || used == size {
		return nil, fmt.Errorf("%w: merge table holds %d of %d slots, header says %d", ErrBadImage, used, size, n)
	}
	return withMergeFilter(t, filter), nil
}
