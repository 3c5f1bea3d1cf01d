package engine

import (
	"encoding/binary"
	"slices"
)

// The segments a BPE model proved (bpe_segments.go) follow its merges in the image, so that loading an
// image does not redo the proof (9 ms for Mistral inside wasm, 90 ms for gemma-3): kind u8 (0 none,
// 1 pair cuts, 2 "▁" segments alone); for pair cuts the two character sets and the ASCII pairs as u64
// words, then the table of the other pairs as it is in memory (count u32, slot count u32, aligned slots).
// An image holds tables anyway, so taking its word for them gives a hostile image no more power than its
// merges do; what is read is still checked to be well formed.

const (
	segmentsNone = iota
	segmentsPairs
	segmentsSpace
)

func appendSegmentsImage(dst []byte, g *wordSegments) []byte {
	switch {
	case g == nil:
		return append(dst, segmentsNone)
	case g.pairs == nil:
		return append(dst, segmentsSpace)
	}
	return appendPairCutsImage(append(dst, segmentsPairs), g.pairs)
}

// appendPairCutsImage writes the two character sets and the ASCII pairs of p as u64 words, then the table
// of the other pairs as a reload uses it in place: pair count u32, slot count u32, then the aligned slots.
// The table is rebuilt to its pairs' size from the sorted pairs: the prover sizes it for the most pairs
// a model could have (gpt2's 122 pairs sat in 32,768 slots), and the image then marshals to the same
// bytes however its table was filled.
func appendPairCutsImage(dst []byte, p *pairCuts) []byte {
	dst = appendU64s(dst, p.bmpLeft[:])
	dst = appendU64s(dst, p.bmpRight[:])
	dst = appendU64s(dst, p.asciiJoined[:])
	keys := make([]uint64, 0, p.joined.n)
	for _, s := range p.joined.slots {
		if s.key != emptyKey {
			keys = append(keys, s.key)
		}
	}
	slices.Sort(keys)
	joined := newU64Table(len(keys))
	for _, k := range keys {
		joined.put(k, 0)
	}
	dst = appendU32(appendU32(dst, uint32(joined.n)), uint32(len(joined.slots)))
	return appendSlotsRaw(appendPadding(dst, 0), joined.slots)
}

func appendU64s(dst []byte, vs []uint64) []byte {
	for _, v := range vs {
		dst = appendU64(dst, v)
	}
	return dst
}

// readSegmentsImage reads the segments of m written by appendSegmentsImage.
func readSegmentsImage(r *imageReader, m *bpeModel) *wordSegments {
	kind := r.u8("segments")
	if r.err != nil || kind == segmentsNone {
		return nil
	}
	if kind > segmentsSpace || m.prefix != "" || m.suffix != "" || !everyCharacterGetsSymbols(m) {
		r.fail("segments: kind %d for this model", kind)
		return nil
	}
	g := &wordSegments{space: kind == segmentsSpace}
	if kind == segmentsPairs {
		if g.pairs = readPairCutsImage(r, "segments"); g.pairs == nil {
			return nil
		}
		g.pairs.keepASCIIPairsInLR()
		g.pairs.fillMarkerPairs()
	}
	g.fillASCII(m)
	return g
}

// readPairCutsImage reads what appendPairCutsImage wrote, the table in place; nil when the image is bad.
// Lookups in the table end if its size is a power of two with an empty slot; its keys may be anything.
func readPairCutsImage(r *imageReader, what string) *pairCuts {
	p := &pairCuts{}
	readU64s(r, p.bmpLeft[:], what+": left characters")
	readU64s(r, p.bmpRight[:], what+": right characters")
	readU64s(r, p.asciiJoined[:], what+": ASCII pairs")
	n := r.count(maxJoinedPairs, 0, what+": pairs")
	size := r.count(4*maxJoinedPairs, 16, what+": pair slots")
	r.align()
	slots := viewSlots(r.take(16*size, what+": pair slots"))
	if r.err != nil {
		return nil
	}
	if size < 8 || size&(size-1) != 0 || n >= size || !slices.ContainsFunc(slots, func(s u64Slot) bool { return s.key == emptyKey }) {
		r.fail("%s: table of %d pairs in %d slots", what, n, size)
		return nil
	}
	p.joined = &u64Table{slots: slots, n: n, mask: uint64(size - 1)}
	return p
}

func readU64s(r *imageReader, dst []uint64, what string) {
	b := r.take(8*len(dst), what)
	for i := range dst {
		if b != nil {
			dst[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
	}
}
