package engine

// split is one piece of a pre-tokenized string; tokens is set once the model (or the added
// vocabulary) has produced them, and such a piece is never split or normalized again.
type split struct {
	norm      *normalizedString
	tokens    []token
	tokenized bool
}

// preTokenizedString is HF's PreTokenizedString: the input cut into pieces that are normalized,
// split further and finally tokenized, each keeping its alignment with the input.
type preTokenizedString struct {
	original string
	splits   []split
}

func newPreTokenizedString(n *normalizedString) *preTokenizedString {
	return &preTokenizedString{original: n.original, splits: []split{{norm: n}}}
}

// splitWith replaces every piece that has no tokens yet with the pieces fn returns, dropping empty ones.
// fn may return pieces that already carry tokens.
func (p *preTokenizedString) splitWith(fn func(i int, n *normalizedString) ([]split, error)) error {
	out := make([]split, 0, len(p.splits))
	for i, s := range p.splits {
		if s.tokenized {
			out = append(out, s)
			continue
		}
		parts, err := fn(i, s.norm)
		if err != nil {
			return err
		}
		for _, part := range parts {
			if !part.norm.isEmpty() {
				out = append(out, part)
			}
		}
	}
	p.splits = out
	return nil
}

// splitNormalized is splitWith for the common case of a function that only cuts strings.
func (p *preTokenizedString) splitNormalized(fn func(n *normalizedString) ([]*normalizedString, error)) error {
	return p.splitWith(func(_ int, n *normalizedString) ([]split, error) {
		parts, err := fn(n)
		if err != nil {
			return nil, err
		}
		out := make([]split, len(parts))
		for i, part := range parts {
			out[i] = split{norm: part}
		}
		return out, nil
	})
}

// normalizeWith applies fn to every piece without tokens.
func (p *preTokenizedString) normalizeWith(fn func(n *normalizedString) error) error {
	for i := range p.splits {
		if !p.splits[i].tokenized {
			if err := fn(p.splits[i].norm); err != nil {
				return err
			}
		}
	}
	return nil
}

// tokenize runs the model on every piece without tokens, polling interrupted once per piece.
func (p *preTokenizedString) tokenize(m model, interrupted func() bool) error {
	var buf []token
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			continue
		}
		if interrupted != nil && interrupted() {
			return ErrInterrupted
		}
		var err error
		buf, err = m.tokenize(s.norm.get(), buf[:0])
		if err != nil {
			return err
		}
		s.tokens = append([]token(nil), buf...)
		s.tokenized = true
	}
	return nil
}

// intoEncoding builds the encoding of one sequence, with byte offsets into the input (HF into_encoding).
func (p *preTokenizedString) intoEncoding(typeID uint32) *Encoding {
	n := 0
	for _, s := range p.splits {
		n += len(s.tokens)
	}
	e := newEncoding(n)
	for wordIdx, s := range p.splits {
		base := s.norm.offsetsOriginal().start
		for _, t := range s.tokens {
			off := Offset{t.start, t.end}
			if r, ok := s.norm.normalizedToOriginal(span{t.start, t.end}); ok {
				off = Offset{base + r.start, base + r.end}
			}
			e.IDs = append(e.IDs, t.id)
			e.Tokens = append(e.Tokens, t.value)
			e.Offsets = append(e.Offsets, off)
			e.words = append(e.words, wordIdx)
			e.TypeIDs = append(e.TypeIDs, typeID)
			e.SpecialTokensMask = append(e.SpecialTokensMask, 0)
			e.AttentionMask = append(e.AttentionMask, 1)
		}
	}
	return e
}
