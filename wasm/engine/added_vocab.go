package engine

import (
	"unicode"
	"unicode/utf8"
)

// addedToken is one entry of tokenizer.json's "added_tokens" (HF AddedToken).
type addedToken struct {
	content    string
	singleWord bool
	lstrip     bool
	rstrip     bool
	normalized bool
	special    bool
}

// addedVocabulary holds the tokens added on top of the model (HF AddedVocabulary). They are cut out of
// the input before the model runs: first those with normalized=false, matched against the raw text,
// then those with normalized=true, matched against the normalized pieces.
type addedVocabulary struct {
	byContent *strTable // content -> id
	byID      *u64Table // id -> index into tokens
	tokens    []addedToken
	ids       []uint32   // id of tokens[i]
	normForm  []string   // normalized content when it differs from content ("" otherwise)
	special   *strTable  // contents of special tokens
	raw       *tokenTrie // normalized=false tokens
	norm      *tokenTrie // normalized=true tokens, by their normalized form
}

// newAddedVocabulary adds the tokens in order as HF add_tokens does: a token keeps the id its content
// already has (in the added or the model vocabulary), else takes the next free id after the model's.
func newAddedVocabulary(list []addedToken, m model, norm normalizer) (*addedVocabulary, error) {
	v := &addedVocabulary{
		byContent: newStrTable(len(list)),
		byID:      newU64Table(len(list)),
		special:   newStrTable(len(list)),
	}
	nextID := uint32(m.vocabSize())
	for _, tok := range list {
		if tok.content == "" {
			continue
		}
		if id, ok := v.byContent.get(tok.content); ok {
			if idx, ok := v.byID.get(uint64(id)); ok && v.tokens[idx] == tok {
				continue
			}
		}
		id, ok := v.byContent.get(tok.content)
		if !ok {
			id, ok = m.tokenToID(tok.content)
		}
		if !ok {
			id = nextID
			nextID++
		}
		normForm := ""
		if tok.normalized && norm != nil {
			n := newNormalizedString(tok.content)
			if err := norm.normalize(&n); err != nil {
				return nil, err
			}
			if n.get() != tok.content {
				normForm = n.get()
			}
		}
		v.byContent.put(tok.content, id)
		if tok.special {
			v.special.put(tok.content, 1)
		}
		if idx, ok := v.byID.get(uint64(id)); ok {
			v.tokens[idx], v.normForm[idx] = tok, normForm
		} else {
			v.byID.put(uint64(id), uint64(len(v.tokens)))
			v.tokens = append(v.tokens, tok)
			v.ids = append(v.ids, id)
			v.normForm = append(v.normForm, normForm)
		}
	}
	v.raw, v.norm = newTokenTrie(), newTokenTrie()
	for i, tok := range v.tokens {
		if tok.normalized {
			form := tok.content
			if v.normForm[i] != "" {
				form = v.normForm[i]
			}
			v.norm.add(form, v.ids[i])
		} else {
			v.raw.add(tok.content, v.ids[i])
		}
	}
	return v, nil
}

func (v *addedVocabulary) tokenByID(id uint32) (addedToken, bool) {
	idx, ok := v.byID.get(uint64(id))
	if !ok {
		return addedToken{}, false
	}
	return v.tokens[idx], true
}

// decodeForm is the string an added token decodes from: its normalized form where it has one, so that
// the decoder can undo the normalization (HF simple_id_to_token).
func (v *addedVocabulary) decodeForm(id uint32) (string, bool) {
	idx, ok := v.byID.get(uint64(id))
	if !ok {
		return "", false
	}
	if v.normForm[idx] != "" {
		return v.normForm[idx], true
	}
	return v.tokens[idx].content, true
}

func (v *addedVocabulary) isSpecial(content string) bool {
	_, ok := v.special.get(content)
	return ok
}

// extractAndNormalize cuts the added tokens out of text and normalizes the rest (HF extract_and_normalize).
func (v *addedVocabulary) extractAndNormalize(norm normalizer, p *preTokenizedString, text string) error {
	p.reset(text)
	p.normBufs.reset()
	p.splits[0].norm.bufs = &p.normBufs
	// Without a possible match, the split would only drop an empty text.
	if !v.raw.empty() && (text == "" || v.raw.mayMatch(text)) {
		if err := p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
			return v.splitOnTokens(p, n, v.raw, dst), nil
		}); err != nil {
			return err
		}
	}
	if v.norm.empty() {
		if norm == nil {
			return nil
		}
		return normalizeInPlace(norm, p)
	}
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		if norm != nil {
			if err := norm.normalize(n); err != nil {
				return nil, err
			}
		}
		return v.splitOnTokens(p, n, v.norm, dst), nil
	})
}

// normalizeInPlace normalizes every piece without tokens and drops those that become empty: what
// splitWith would do with no added token to split on, without moving the pieces.
func normalizeInPlace(norm normalizer, p *preTokenizedString) error {
	kept := 0
	for i := range p.splits {
		s := &p.splits[i]
		if !s.tokenized {
			s.norm.materialize()
			if err := norm.normalize(&s.norm); err != nil {
				return err
			}
			if s.norm.isEmpty() {
				continue
			}
		}
		if kept != i {
			p.splits[kept] = *s
		}
		kept++
	}
	p.splits = p.splits[:kept]
	return nil
}

// splitOnTokens cuts n around the matches of trie and appends the pieces to dst; matched pieces carry
// their token.
func (v *addedVocabulary) splitOnTokens(p *preTokenizedString, n *normalizedString, trie *tokenTrie, dst []split) []split {
	s := n.get()
	if trie.empty() || s == "" {
		return append(dst, split{norm: *n})
	}
	out := dst
	startOffset := 0
	for _, m := range trie.findAll(s) {
		tok, _ := v.tokenByID(m.id)
		start, stop := m.start, m.end
		if tok.singleWord {
			startSpace := start == 0 || !endsWithWord(s[:start])
			stopSpace := stop == len(s) || !startsWithWord(s[stop:])
			if !startSpace || !stopSpace {
				continue
			}
		}
		if tok.lstrip {
			start = max(leftmostSpaceAtEnd(s[:start]), startOffset)
		}
		if tok.rstrip {
			stop += rightmostSpaceAtStart(s[stop:])
		}
		if startOffset < start {
			out = appendSlice(out, n, span{startOffset, start})
		}
		piece, _ := n.slice(span{start, stop})
		out = append(out, p.tokenSplit(piece, token{id: m.id, value: piece.get(), start: 0, end: piece.len()}))
		startOffset = stop
	}
	if startOffset != len(s) {
		out = appendSlice(out, n, span{startOffset, len(s)})
	}
	return out
}

// isWordRune is the regex crate's Unicode \w.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
		unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_Alphabetic, r) ||
		unicode.Is(unicode.Pc, r) || unicode.Is(unicode.Join_Control, r)
}

func endsWithWord(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && isWordRune(r)
}

func startsWithWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && isWordRune(r)
}

// leftmostSpaceAtEnd is where the trailing white space of s starts.
func leftmostSpaceAtEnd(s string) int {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isWhitespace(r) {
			break
		}
		i -= size
	}
	return i
}

// rightmostSpaceAtStart is the length of the leading white space of s.
func rightmostSpaceAtStart(s string) int {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWhitespace(r) {
			break
		}
		i += size
	}
	return i
}

func appendSlice(dst []split, n *normalizedString, r span) []split {
	s, _ := n.slice(r)
	return append(dst, split{norm: s})
}
