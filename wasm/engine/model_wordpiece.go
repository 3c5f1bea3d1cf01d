package engine

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// ErrMissingUnkToken is returned when a model needs its unknown token and the vocabulary lacks it.
var ErrMissingUnkToken = errors.New("engine: unk token missing from the vocabulary")

// wordPieceModel is HF's WordPiece model: greedy longest-match-first, continuing pieces carry a prefix,
// and a word with a part that matches nothing (or too many characters) becomes one unknown token.
type wordPieceModel struct {
	vocab    *vocabTable
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
	// the word is not that simple, and asciiValues their strings: a third of BERT's pieces, found
	// without hashing.
	asciiWords  [utf8.RuneSelf]uint32
	asciiValues [utf8.RuneSelf]string
}

// wordPieceOptions are the WordPiece settings besides the vocabulary.
type wordPieceOptions struct {
	unkToken string
	prefix   string
	maxChars int
}

// maxWordChars bounds max_input_chars_per_word, which HF reads as a usize.
const maxWordChars = 1<<31 - 1

// newWordPieceModel reads a WordPiece model with the scanner: the vocabulary goes straight into a
// vocabTable, without a Go map (inside wasm, decoding BERT's 30k-entry map took most of its load).
func newWordPieceModel(raw rawJSON, path string) (model, error) {
	lim := DefaultLimits()
	s := jsonscan.New(raw, lim.MaxDepth)
	opts := wordPieceOptions{unkToken: "[UNK]", prefix: "##", maxChars: 100}
	var (
		vocab *vocabTable
		seen  fieldSet
	)
	for key := range s.Members() {
		if err := seen.add(key); err != nil {
			s.Fail(fmt.Errorf("engine: %s: %w", path, err))
			break
		}
		switch string(key) {
		case "unk_token":
			if v, ok := optString(s); ok {
				opts.unkToken = v
			}
		case "continuing_subword_prefix":
			if v, ok := optString(s); ok {
				opts.prefix = v
			}
		case "max_input_chars_per_word":
			if !s.Null() {
				opts.maxChars = int(s.Uint(maxWordChars))
			}
		case "vocab":
			vocab = scanVocabObject(s, path+".vocab", lim.MaxVocab)
		default:
			s.Skip()
		}
	}
	if err := s.Finish(); err != nil {
		return nil, scanError(path, err)
	}
	if vocab == nil {
		return nil, fmt.Errorf("engine: %s: missing vocab", path)
	}
	keys, ids := make([]string, vocab.len()), make([]int32, vocab.len())
	for e := range keys {
		keys[e], ids[e] = vocab.entry(uint32(e)), int32(vocab.ids[e])
	}
	return newWordPiece(opts, vocab, newDoubleArray(keys, ids)), nil
}

// newWordPiece assembles a WordPiece model from its tables; the image loader shares it.
func newWordPiece(opts wordPieceOptions, vocab *vocabTable, trie *doubleArray) *wordPieceModel {
	m := &wordPieceModel{
		vocab:    vocab,
		unkToken: opts.unkToken,
		prefix:   opts.prefix,
		maxChars: opts.maxChars,
		trie:     trie,
	}
	m.contNode = 0
	for i := 0; i < len(m.prefix) && m.contNode >= 0; i++ {
		m.contNode = m.trie.child(m.contNode, m.prefix[i])
	}
	for c := range byte(utf8.RuneSelf) {
		word := string(rune(c))
		if toks, err := m.tokenizeWord(word, nil); err == nil && len(toks) == 1 && toks[0].value == m.vocab.tokenOf(toks[0].id) {
			m.asciiWords[c], m.asciiValues[c] = toks[0].id+1, toks[0].value
		}
	}
	return m
}

func (m *wordPieceModel) tokenToID(tok string) (uint32, bool) { return m.vocab.get(tok) }

func (m *wordPieceModel) idToToken(id uint32) (string, bool) { return m.vocab.token(id) }

func (m *wordPieceModel) vocabSize() int { return m.vocab.len() }

func (m *wordPieceModel) tokenize(s string, dst []token) ([]token, error) {
	if len(s) == 1 && s[0] < utf8.RuneSelf && m.asciiWords[s[0]] != 0 {
		id := m.asciiWords[s[0]] - 1
		return append(dst, token{id: id, value: m.asciiValues[s[0]], start: 0, end: 1}), nil
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
	v := m.vocab.tokenOf(id)
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
