package engine

// split is one piece of a pre-tokenized string. Once tokenized (by the model or because it is an added
// token), its tokens are p.tokens[tokStart:tokEnd] and it is never split or normalized again.
type split struct {
	norm             normalizedString
	tokStart, tokEnd int
	tokenized        bool
}

// preTokenizedString is HF's PreTokenizedString: the input cut into pieces that are normalized,
// split further and finally tokenized, each keeping its alignment with the input. Its buffers are
// reused from one encode to the next.
type preTokenizedString struct {
	original string
	splits   []split
	spare    []split // the other buffer of splitWith
	tokens   []token // tokens of all splits
	scratch  splitScratch
	polls    poller
	normBufs normBuffers // memory of the rewrites of the pieces
}

// reset starts over with text as the only piece.
func (p *preTokenizedString) reset(text string) {
	p.original = text
	if cap(p.splits) == 0 {
		p.splits = make([]split, 1, 8)
	}
	p.splits = p.splits[:1]
	s := &p.splits[0] // set in place, without copying a split (see setString)
	s.norm.setString(text)
	s.tokStart, s.tokEnd, s.tokenized = 0, 0, false
	p.tokens = p.tokens[:0]
}

// splitWith replaces every piece that has no tokens yet with the pieces fn appends to dst, dropping
// empty ones. fn may append pieces that already carry tokens (added tokens).
func (p *preTokenizedString) splitWith(fn func(n *normalizedString, dst []split) ([]split, error)) error {
	out := p.spare[:0]
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			out = append(out, *s)
			continue
		}
		s.norm.materialize()
		start := len(out)
		var err error
		if out, err = fn(&s.norm, out); err != nil {
			return err
		}
		kept := start
		for j := start; j < len(out); j++ {
			if !out[j].norm.isEmpty() {
				if kept != j {
					out[kept] = out[j]
				}
				kept++
			}
		}
		out = out[:kept]
	}
	p.spare, p.splits = p.splits[:0], out
	return nil
}

// unchangedBySplit reports whether splitWith with a function that keeps each piece as it is would
// change nothing: no piece without tokens is empty (it would be dropped) or has a pending rewrite (it
// would be materialized).
func (p *preTokenizedString) unchangedBySplit() bool {
	for i := range p.splits {
		if s := &p.splits[i]; !s.tokenized && (s.norm.isEmpty() || s.norm.lazyByteLevel) {
			return false
		}
	}
	return true
}

// markByteLevel leaves the byte-to-rune rewrite of every piece without tokens pending: a BPE model
// reads the raw bytes directly.
func (p *preTokenizedString) markByteLevel() {
	for i := range p.splits {
		if !p.splits[i].tokenized {
			p.splits[i].norm.lazyByteLevel = true
		}
	}
}

// normalizeWith applies fn to every piece without tokens.
func (p *preTokenizedString) normalizeWith(fn func(n *normalizedString) error) error {
	for i := range p.splits {
		if !p.splits[i].tokenized {
			p.splits[i].norm.materialize()
			if err := fn(&p.splits[i].norm); err != nil {
				return err
			}
		}
	}
	return nil
}

// addToken records the single token of an added-token piece.
func (p *preTokenizedString) tokenSplit(n normalizedString, t token) split {
	p.tokens = append(p.tokens, t)
	return split{norm: n, tokStart: len(p.tokens) - 1, tokEnd: len(p.tokens), tokenized: true}
}

// tokenize runs the model on every piece without tokens, polling interrupted between pieces.
func (p *preTokenizedString) tokenize(m model, interrupted func() bool) error {
	bm, _ := m.(byteModel)
	raw := bm != nil && bm.acceptsRawBytes()
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			continue
		}
		if p.polls.stop(interrupted) {
			return ErrInterrupted
		}
		start := len(p.tokens)
		var err error
		if s.norm.lazyByteLevel && raw {
			p.tokens, err = bm.tokenizeRaw(s.norm.normalized, p.tokens)
		} else {
			s.norm.materialize()
			p.tokens, err = m.tokenize(s.norm.normalized, p.tokens)
		}
		if err != nil {
			return err
		}
		s.tokStart, s.tokEnd, s.tokenized = start, len(p.tokens), true
	}
	return nil
}

// intoEncoding fills e with the encoding of one sequence, with byte offsets into the input (HF into_encoding).
func (p *preTokenizedString) intoEncoding(e *Encoding, typeID uint32) {
	e.reserve(len(p.tokens))
	for i := range p.splits {
		s := &p.splits[i]
		if s.norm.identity {
			appendTokens(e, &s.norm, p.tokens[s.tokStart:s.tokEnd])
		} else {
			appendRealignedTokens(e, &s.norm, p.tokens[s.tokStart:s.tokEnd])
		}
	}
	e.fillSequenceMasks(typeID)
}

// appendRealignedTokens is appendTokens for a piece that a normalizer rewrote: a token's offsets are the
// input range its first byte is aligned with joined to its last byte's, which tokenOffset finds in more
// steps (the piece's shift it subtracts and adds back).
func appendRealignedTokens(e *Encoding, n *normalizedString, toks []token) {
	align := n.align
	for i := range toks {
		t := &toks[i]
		e.IDs = append(e.IDs, t.id)
		e.Tokens = append(e.Tokens, t.value)
		if 0 <= t.start && t.start < t.end && t.end <= len(align) {
			e.Offsets = append(e.Offsets, Offset{align[t.start].start, align[t.end-1].end})
		} else {
			e.Offsets = append(e.Offsets, tokenOffset(n, t.start, t.end))
		}
	}
}
