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

// appendRawSegments is mergeRawSegments for the byte-level path (pipeline_bytelevel.go): it appends the
// tokens' ids, values and offsets, moved by base, to e straight from the caches, saving a copy of each.
func (m *bpeModel) appendRawSegments(e *Encoding, raw string, cut, base int) {
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
		shift := base + start
		for i := range toks {
			t := &toks[i]
			e.IDs = append(e.IDs, t.id)
			e.Tokens = append(e.Tokens, t.value)
			e.Offsets = append(e.Offsets, Offset{shift + int(t.charStart), shift + int(t.charEnd)})
		}
	}
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
