package engine

// byteLevelPath is a shortcut through pre-tokenizing, the model and into_encoding for the most common
// pipeline: a regex split whose pieces are byte-level BPE words (GPT-2, Llama-3, Qwen and the like).
// When normalizing left every piece without tokens aligned with the input byte for byte, it feeds each
// regex match straight to the model and writes the tokens into the encoding, producing exactly what the
// general path would, without building a pre-token per word.
type byteLevelPath struct {
	split *regexPattern // splits with Isolated behaviour: matches and the gaps between them are words
	model *bpeModel
	found [][2]int
	polls poller
}

// newByteLevelPath returns the shortcut for pipelines made only of
// Split(regex, Isolated) + ByteLevel(no prefix space, no regex), or ByteLevel(no prefix space, regex),
// in front of a BPE model that reads raw bytes; nil for any other pipeline.
func newByteLevelPath(pre preTokenizer, m model) *byteLevelPath {
	bm, ok := m.(*bpeModel)
	if !ok || !bm.acceptsRawBytes() {
		return nil
	}
	switch p := pre.(type) {
	case *byteLevelPreTokenizer:
		if p.useRegex && !p.addPrefixSpace {
			if re, ok := p.split.(*regexPattern); ok {
				return &byteLevelPath{split: re, model: bm}
			}
		}
	case preTokenizerSequence:
		if len(p) != 2 {
			return nil
		}
		split, ok1 := p[0].(*splitPreTokenizer)
		bl, ok2 := p[1].(*byteLevelPreTokenizer)
		if !ok1 || !ok2 || split.behavior != splitIsolated || bl.useRegex || bl.addPrefixSpace {
			return nil
		}
		if re, ok := split.pattern.(*regexPattern); ok {
			return &byteLevelPath{split: re, model: bm}
		}
	}
	return nil
}

// applies reports whether every piece of p without tokens is still aligned with the input byte for
// byte, which the shortcut relies on.
func (b *byteLevelPath) applies(p *preTokenizedString) bool {
	for i := range p.splits {
		if s := &p.splits[i]; !s.tokenized && (!s.norm.identity || s.norm.lazyByteLevel) {
			return false
		}
	}
	return true
}

// encode fills e from the normalized pieces of p, as pre-tokenizing, tokenize and intoEncoding would.
func (b *byteLevelPath) encode(p *preTokenizedString, e *Encoding, typeID uint32, interrupted func() bool) error {
	e.reserve(len(p.original)/3 + len(p.tokens) + 8)
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			appendTokens(e, &s.norm, p.tokens[s.tokStart:s.tokEnd])
			continue
		}
		text := s.norm.normalized
		found, err := b.split.re.FindAllIndex(text, b.found[:0])
		if err != nil {
			return err
		}
		b.found = found
		prev := 0
		for _, m := range found {
			if prev < m[0] {
				if err := b.word(s, prev, m[0], e, interrupted); err != nil {
					return err
				}
			}
			if m[0] < m[1] {
				if err := b.word(s, m[0], m[1], e, interrupted); err != nil {
					return err
				}
			}
			prev = m[1]
		}
		if prev < len(text) {
			if err := b.word(s, prev, len(text), e, interrupted); err != nil {
				return err
			}
		}
	}
	e.fillSequenceMasks(typeID)
	return nil
}

// word tokenizes the word s.norm[start:end] and appends its tokens to e.
func (b *byteLevelPath) word(s *split, start, end int, e *Encoding, interrupted func() bool) error {
	if b.polls.stop(interrupted) {
		return ErrInterrupted
	}
	w := s.norm.normalized[start:end]
	// The cache probe is spelled out here rather than called (rawWordTokens): calls cost inside wasm.
	var toks []wordToken
	if c := &b.model.rawCache; c.slots != nil {
		k := makeWordKey(w)
		if slot := &c.slots[k.slot()]; slot.key == k && (k.n <= 16 || string(slot.long) == w) {
			toks = slot.toks
		}
	}
	// The word is a slice of an identity-aligned piece on character boundaries (regex matches are), so
	// the offsets of its tokens in the input are their offsets in the word moved by where the word starts.
	base := s.norm.shift + start
	if toks == nil {
		// mergeRaw, with the segments of a word with a proven cut appended straight to e.
		if toks = b.model.rawWholeToken(w); toks == nil {
			if cut := b.model.firstRawCut(w); cut < len(w) {
				b.model.appendRawSegments(e, w, cut, base)
				return nil
			}
			toks = b.model.mergeRawWord(w)
		}
	}
	for i := range toks {
		t := &toks[i]
		e.IDs = append(e.IDs, t.id)
		e.Tokens = append(e.Tokens, t.value)
		e.Offsets = append(e.Offsets, Offset{base + int(t.charStart), base + int(t.charEnd)})
	}
	return nil
}

// appendTokens appends the tokens of one piece to e, with offsets into the input (the ids and offsets
// part of HF into_encoding; type ids and masks are filled once at the end).
func appendTokens(e *Encoding, n *normalizedString, toks []token) {
	for i := range toks {
		t := &toks[i]
		e.IDs = append(e.IDs, t.id)
		e.Tokens = append(e.Tokens, t.value)
		e.Offsets = append(e.Offsets, tokenOffset(n, t.start, t.end))
	}
}

// tokenOffset is where the token at bytes [start, end) of piece n lies in the input.
func tokenOffset(n *normalizedString, start, end int) Offset {
	base := n.shift
	if n.identity && 0 <= start && start <= end && isRuneBoundary(n.normalized, start) && isRuneBoundary(n.normalized, end) {
		// The common case, without a search for rune starts: each byte of valid UTF-8 is aligned
		// with its own rune, so a range on rune boundaries maps to itself.
		return Offset{base + start, base + end}
	}
	if r, ok := n.normalizedToOriginal(span{start, end}); ok {
		return Offset{base + r.start, base + r.end}
	}
	return Offset{start, end}
}
