package engine

// segmentsPath is a shortcut through the model and into_encoding for SentencePiece-style BPE models
// with proven segments and no pre-tokenizer (Mistral, Llama 2): it writes each segment's cached tokens
// straight into the encoding, producing exactly what tokenize and intoEncoding would, without the
// intermediate list of tokens.
type segmentsPath struct {
	model *bpeModel
	polls poller
}

// newSegmentsPath returns the shortcut for a BPE model with proven segments and no pre-tokenizer (or
// ignore_merges, which looks each whole piece up first); nil for any other pipeline.
func newSegmentsPath(pre preTokenizer, m model) *segmentsPath {
	bm, ok := m.(*bpeModel)
	if pre != nil || !ok || bm.segments == nil || bm.ignoreMerges {
		return nil
	}
	return &segmentsPath{model: bm}
}

// encode fills e from the normalized pieces of p, as tokenize and intoEncoding would.
func (g *segmentsPath) encode(p *preTokenizedString, e *Encoding, typeID uint32, interrupted func() bool) error {
	e.reserve(len(p.original)/4 + len(p.tokens) + 8)
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			appendTokens(e, &s.norm, p.tokens[s.tokStart:s.tokEnd])
			continue
		}
		if g.polls.stop(interrupted) {
			return ErrInterrupted
		}
		var err error
		if s.norm.deferred != nil {
			err = g.deferredPiece(&s.norm, e)
		} else {
			s.norm.materialize()
			err = g.piece(&s.norm, e)
		}
		if err != nil {
			return err
		}
	}
	e.fillSequenceMasks(typeID)
	return nil
}

// piece appends the tokens of one normalized piece to e. Where a normalizer rewrote the piece, a
// token's offsets join the alignments of its first and last bytes, as tokenOffset would find them.
func (g *segmentsPath) piece(n *normalizedString, e *Encoding) error {
	text, align := n.normalized, n.align
	realigned := !n.identity && len(align) == len(text)
	for start := 0; start < len(text); {
		toks, end, err := g.model.segmentAt(text, start)
		if err != nil {
			return err
		}
		for i := range toks {
			t := &toks[i]
			next := start + int(t.len)
			e.IDs = append(e.IDs, t.id)
			e.Tokens = append(e.Tokens, t.value)
			if realigned && start < next && next <= len(align) {
				e.Offsets = append(e.Offsets, Offset{align[start].start, align[next-1].end})
			} else {
				e.Offsets = append(e.Offsets, tokenOffset(n, start, next))
			}
			start = next
		}
		start = end
	}
	return nil
}

// deferredPiece is piece for a string whose alignments are deferred: a token's offsets join the
// original ranges of its first and last bytes, worked out from where the replacements are
// (normalized_deferred.go). Inside wasm every taken branch is dear, so the common token, which
// reaches no replacement and starts and ends on rune boundaries, takes two.
func (g *segmentsPath) deferredPiece(n *normalizedString, e *Encoding) error {
	text, orig, shift := n.normalized, n.original, n.shift
	first := runeLenAt(orig, 0) // the prefix is aligned with the first rune
	var r replacements
	r.start(n)
	for start := 0; start < len(text); {
		toks, end, err := g.model.segmentAt(text, start)
		if err != nil {
			return err
		}
		for i := range toks {
			t := &toks[i]
			next := start + int(t.len)
			e.IDs = append(e.IDs, t.id)
			e.Tokens = append(e.Tokens, t.value)
			from, to := start-r.delta, next-r.delta
			if r.at < next {
				from, to = r.reach(start, next)
			}
			// A token inside the prefix gets a negative from and a to below first.
			from, to = max(from, 0), max(to, first)
			// Zero when the token may start or end inside a rune (a byte-fallback token), or ends the piece.
			if uint32(text[start]&0xC0^0x80)*uint32(text[min(next, len(text)-1)]&0xC0^0x80) == 0 {
				from, to = runeBounds(orig, from, to)
			}
			e.Offsets = append(e.Offsets, Offset{shift + from, shift + to})
			start = next
		}
		start = end
	}
	return nil
}
