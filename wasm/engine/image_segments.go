package engine

import (
	"encoding/binary"
	"slices"
)

// The segments a BPE model proved (bpe_segments.go) follow its merges in the image, so that loading an
// image does not redo the proof (9 ms for Mistral inside wasm, 90 ms for gemma-3): kind u8 (0 none,
// 1 pair cuts, 2 "▁" segments alone); for pair cuts the two character sets and the ASCII pairs as u64
// words, then the other pairs (count u32, then a u32 and b u32 each). An image holds tables anyway, so
// taking its word for them gives a hostile image no more power than its merges do; what is read is
// still checked to be well formed.

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

// appendPairCutsImage writes the two character sets and the ASCII pairs of p as u64 words, then the other
// pairs (count u32, then a u32 and b u32 each).
func appendPairCutsImage(dst []byte, p *pairCuts) []byte {
	dst = appendU64s(dst, p.bmpLeft[:])
	dst = appendU64s(dst, p.bmpRight[:])
	dst = appendU64s(dst, p.asciiJoined[:])
	// Sorted, so that an image marshals to the same bytes however its table was filled.
	keys := make([]uint64, 0, p.joined.n)
	for _, s := range p.joined.slots {
		if s.key != emptyKey {
			keys = append(keys, s.key)
		}
	}
	slices.Sort(keys)
	dst = appendU32(dst, uint32(len(keys)))
	for _, k := range keys {
		dst = appendU32(appendU32(dst, uint32(k>>32)), uint32(k))
	}
	return dst
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

// readPairCutsImage reads what appendPairCutsImage wrote; nil when the image is bad.
func readPairCutsImage(r *imageReader, what string) *pairCuts {
	p := &pairCuts{}
	readU64s(r, p.bmpLeft[:], what+": left characters")
	readU64s(r, p.bmpRight[:], what+": right characters")
	readU64s(r, p.asciiJoined[:], what+": ASCII pairs")
	n := r.count(maxJoinedPairs, 8, what+": pairs")
	pairs := r.take(8*n, what+": pairs")
	if r.err != nil {
		return nil
	}
	p.joined = newU64Table(n)
	for i := 0; i < len(pairs); i += 8 {
		p.joined.put(uint64(binary.LittleEndian.Uint32(pairs[i:]))<<32|uint64(binary.LittleEndian.Uint32(pairs[i+4:])), 0)
	}
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
