package engine

import "unicode/utf8"

// wordPiecePath is a shortcut through pre-tokenizing, the model and into_encoding for BERT's pipeline:
// BertPreTokenizer in front of WordPiece. It feeds each word of a normalized piece straight to the
// model and writes the tokens into the encoding, producing exactly what the general path would,
// without building a pre-token per word.
//
// Offsets: the general path maps a token at [a, b) of the word piece [start, end) through the piece's
// alignments, which are the normalized piece's own from start on; so mapping [start+a, start+b) through
// the normalized piece gives the same offsets (WordPiece tokens are never empty and lie on character
// boundaries).
type wordPiecePath struct {
	model *wordPieceModel
	toks  []token // the tokens of one word
	polls poller
}

// newWordPiecePath returns the shortcut for a BertPreTokenizer in front of a WordPiece model, nil for
// any other pipeline.
func newWordPiecePath(pre preTokenizer, m model) *wordPiecePath {
	_, bert := pre.(bertPreTokenizer)
	wp, ok := m.(*wordPieceModel)
	if !bert || !ok {
		return nil
	}
	return &wordPiecePath{model: wp}
}

// encode fills e from the normalized pieces of p, as pre-tokenizing, tokenize and intoEncoding would.
func (w *wordPiecePath) encode(p *preTokenizedString, e *Encoding, typeID uint32, interrupted func() bool) error {
	e.reserve(len(p.original)/3 + len(p.tokens) + 8)
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			appendTokens(e, &s.norm, p.tokens[s.tokStart:s.tokEnd])
			continue
		}
		s.norm.materialize()
		text := s.norm.get()
		for at := 0; ; {
			start, end := nextBertPiece(text, at)
			if start == end {
				break
			}
			if err := w.word(&s.norm, start, end, e, interrupted); err != nil {
				return err
			}
			at = end
		}
	}
	e.fillSequenceMasks(typeID)
	return nil
}

// word tokenizes the word n[start:end] and appends its tokens to e. A cached word's tokens are copied
// straight from the cache; tokens lie on character boundaries, so an unrewritten piece needs no
// alignment to place them.
func (w *wordPiecePath) word(n *normalizedString, start, end int, e *Encoding, interrupted func() bool) error {
	if w.polls.stop(interrupted) {
		return ErrInterrupted
	}
	word := n.normalized[start:end]
	m := w.model
	if c := word[0]; len(word) == 1 && c < utf8.RuneSelf && m.asciiWords[c] != 0 {
		// A punctuation mark, mostly: its token needs no cache.
		id := m.asciiWords[c] - 1
		e.IDs = append(e.IDs, id)
		e.Tokens = append(e.Tokens, m.asciiValues[c])
		e.Offsets = append(e.Offsets, tokenOffset(n, start, end))
		return nil
	}
	if toks, ok := m.cache.get(word, makeWordKey(word)); ok {
		pos := start
		for i := range toks {
			t := &toks[i]
			next := pos + int(t.len)
			e.IDs = append(e.IDs, t.id)
			e.Tokens = append(e.Tokens, t.value)
			if n.identity {
				e.Offsets = append(e.Offsets, Offset{n.shift + pos, n.shift + next})
			} else {
				e.Offsets = append(e.Offsets, tokenOffset(n, pos, next))
			}
			pos = next
		}
		return nil
	}
	toks, err := m.tokenize(word, w.toks[:0])
	if err != nil {
		return err
	}
	w.toks = toks
	for i := range toks {
		t := &toks[i]
		e.IDs = append(e.IDs, t.id)
		e.Tokens = append(e.Tokens, t.value)
		e.Offsets = append(e.Offsets, tokenOffset(n, start+t.start, start+t.end))
	}
	return nil
}
