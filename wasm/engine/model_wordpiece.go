package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrMissingUnkToken is returned when a model needs its unknown token and the vocabulary lacks it.
var ErrMissingUnkToken = errors.New("engine: unk token missing from the vocabulary")

// wordPieceModel is HF's WordPiece model: greedy longest-match-first, continuing pieces carry a prefix,
// and a word with a part that matches nothing (or too many characters) becomes one unknown token.
type wordPieceModel struct {
	vocab    *strTable
	vocabR   []string // token by id; "" where the id is unused
	unkToken string
	prefix   string     // continuing_subword_prefix
	maxChars int        // max_input_chars_per_word
	cache    tokenCache // the tokens of words met before

	// trie holds every token, so that the longest token starting a word is found in one walk;
	// contNode is where the walk over the prefix ends, from which continuing pieces are matched (-1
	// when no token starts with the prefix).
	trie     *doubleArray
	contNode int32

	// asciiWords holds the tokens of each one-byte word (a punctuation mark, mostly), id+1 and 0 when
	// the word is not that simple: a third of BERT's pieces, found without hashing.
	asciiWords [utf8.RuneSelf]uint32
}

func newWordPieceModel(raw json.RawMessage, path string) (model, error) {
	r := struct {
		Vocab                   map[string]uint32 `json:"vocab"`
		UnkToken                string            `json:"unk_token"`
		ContinuingSubwordPrefix string            `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    int               `json:"max_input_chars_per_word"`
	}{UnkToken: "[UNK]", ContinuingSubwordPrefix: "##", MaxInputCharsPerWord: 100}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	if r.Vocab == nil {
		return nil, fmt.Errorf("engine: %s: missing vocab", path)
	}
	m := &wordPieceModel{
		unkToken: r.UnkToken,
		prefix:   r.ContinuingSubwordPrefix,
		maxChars: r.MaxInputCharsPerWord,
	}
	m.vocab, m.vocabR = buildVocab(r.Vocab)
	keys, ids := make([]string, 0, len(r.Vocab)), make([]int32, 0, len(r.Vocab))
	for tok, id := range r.Vocab {
		keys, ids = append(keys, tok), append(ids, int32(id))
	}
	m.trie = newDoubleArray(keys, ids)
	m.contNode = 0
	for i := 0; i < len(m.prefix) && m.contNode >= 0; i++ {
		m.contNode = m.trie.child(m.contNode, m.prefix[i])
	}
	for c := range byte(utf8.RuneSelf) {
		word := string(rune(c))
		if toks, err := m.tokenizeWord(word, nil); err == nil && len(toks) == 1 && toks[0].value == m.vocabR[toks[0].id] {
			m.asciiWords[c] = toks[0].id + 1
		}
	}
	return m, nil
}

// buildVocab turns a token -> id map into a lookup table and an id -> token slice.
func buildVocab(vocab map[string]uint32) (*strTable, []string) {
	table := newStrTable(len(vocab))
	maxID := -1
	for tok, id := range vocab {
		table.put(tok, id)
		maxID = max(maxID, int(id))
	}
	byID := make([]string, maxID+1)
	for tok, id := range vocab {
		byID[id] = tok
	}
	return table, byID
}

func (m *wordPieceModel) tokenToID(tok string) (uint32, bool) { return m.vocab.get(tok) }

func (m *wordPieceModel) idToToken(id uint32) (string, bool) {
	if int(id) >= len(m.vocabR) || m.vocabR[id] == "" {
		return "", false
	}
	return m.vocabR[id], true
}

func (m *wordPieceModel) vocabSize() int { return m.vocab.len() }

func (m *wordPieceModel) tokenize(s string, dst []token) ([]token, error) {
	if len(s) == 1 && s[0] < utf8.RuneSelf && m.asciiWords[s[0]] != 0 {
		id := m.asciiWords[s[0]] - 1
		return append(dst, token{id: id, value: m.vocabR[id], start: 0, end: 1}), nil
	}
	k := makeWordKey(s)
	if toks, ok := m.cache.get(s, k); ok {
		pos := 0
		for i := range toks {
			t := &toks[i]
			dst = append(dst, token{id: t.id, value: t.value, start: pos, end: pos + int(t.len)})
			pos += int(t.len)
		}
		return dst, nil
	}
	first := len(dst)
	dst, err := m.tokenizeWord(s, dst)
	if err != nil {
		return nil, err
	}
	if len(s) < wordCacheMaxLen {
		slot := m.cache.put(s, k)
		for _, t := range dst[first:] {
			*slot = append(*slot, cachedToken{value: t.value, id: t.id, len: uint32(t.end - t.start)})
		}
	}
	return dst, nil
}

// tokenizeWord is HF's WordPiece::tokenize.
func (m *wordPieceModel) tokenizeWord(s string, dst []token) ([]token, error) {
	if utf8.RuneCountInString(s) > m.maxChars {
		return m.appendUnk(dst, len(s))
	}
	first := len(dst)
	for start := 0; start < len(s); {
		tok, ok := m.longestPiece(s, start)
		if !ok {
			return m.appendUnk(dst[:first], len(s))
		}
		dst = append(dst, tok)
		start = tok.end
	}
	return dst, nil
}

// longestPiece finds the longest vocabulary token that s[start:] begins with, prefixed when it does
// not start the word: one walk down the trie, keeping the last token passed that ends on a character
// boundary.
func (m *wordPieceModel) longestPiece(s string, start int) (token, bool) {
	node := int32(0)
	if start > 0 {
		node = m.contNode
	}
	nodes := m.trie.nodes
	id, end := int32(-1), -1
	for i := start; i < len(s) && node >= 0; i++ {
		t := int(nodes[node].base) + int(s[i])
		if t >= len(nodes) || nodes[t].check != node {
			break
		}
		node = int32(t)
		if v := nodes[t].value; v >= 0 && (i+1 == len(s) || utf8.RuneStart(s[i+1])) {
			id, end = v, i+1
		}
	}
	if id < 0 {
		return token{}, false
	}
	return token{id: uint32(id), value: m.pieceValue(uint32(id), s[start:end], start > 0), start: start, end: end}, true
}

// pieceValue is the token string of a match: the vocabulary's string for its id, unless another token
// shares the id.
func (m *wordPieceModel) pieceValue(id uint32, piece string, prefixed bool) string {
	v := m.vocabR[id]
	if prefixed {
		if len(v) == len(m.prefix)+len(piece) && v[:len(m.prefix)] == m.prefix && v[len(m.prefix):] == piece {
			return v
		}
		return m.prefix + piece
	}
	if v == piece {
		return v
	}
	return piece
}

func (m *wordPieceModel) appendUnk(dst []token, n int) ([]token, error) {
	id, ok := m.vocab.get(m.unkToken)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrMissingUnkToken, m.unkToken)
	}
	return append(dst, token{id: id, value: m.unkToken, start: 0, end: n}), nil
}
