package engine

// segmentKeyTag marks the cache keys of segments for models with ignore_merges: a segment is merged,
// where the same text as a whole word would first be looked up as a token.
const segmentKeyTag = 1 << 20

// mergeRawSegments tokenizes a raw word that has a proven cut at cut (bpe_byte_cuts.go): each segment
// through the word cache, their tokens moved to where the segment starts in the word.
func (m *bpeModel) mergeRawSegments(raw string, cut int) []wordToken {
	out := m.cutToks[:0]
	for start, end := 0, cut; start < len(raw); start, end = end, m.rawCuts.next(raw, end) {
		seg := raw[start:end]
		var toks []wordToken
		char := isChar3(seg)
		if char {
			toks = m.charToks.get(seg)
		}
		if toks == nil {
			toks = m.mergeSegment(seg, char)
		}
		shift := uint32(start)
		for _, t := range toks {
			t.end += shift
			t.charStart += shift
			t.charEnd += shift
			out = append(out, t)
		}
	}
	m.cutToks = out
	return out
}

// mergeSegment returns the tokens of a segment from the word cache or merged, and puts those of a
// three-byte character in charToks.
func (m *bpeModel) mergeSegment(seg string, char bool) []wordToken {
	k := makeWordKey(seg)
	if m.ignoreMerges {
		k.n |= segmentKeyTag
	}
	toks, ok := m.rawCache.getKey(k, seg)
	if !ok {
		sc := &m.scratch
		sc.syms = sc.syms[:0]
		for i := 0; i < len(seg); i++ {
			sc.syms = append(sc.syms, wordSymbol{m.rawIDs[seg[i]], 1})
		}
		sc.mergeAll(m.merges)
		toks = m.rawCache.putKey(k, seg, sc.syms, m.vocab)
	}
	if char {
		m.charToks.put(seg, toks)
	}
	return toks
}
