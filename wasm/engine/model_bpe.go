package engine

import (
	"fmt"
	"strings"
)

// bpeModel is HF's BPE model. Vocabulary and merges live in flat tables; merged words are cached.
type bpeModel struct {
	vocab        *vocabTable
	merges       *mergeTable // pairKey(a, b) -> rank<<32 | new id
	unkToken     string
	hasUnk       bool
	prefix       string // continuing_subword_prefix
	suffix       string // end_of_word_suffix
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool
	byteIDs      [256]uint32 // id of "<0xXX>" for byte_fallback
	hasByteID    [256]bool
	cache        *wordCache
	scratch      bpeScratch

	// segments are where the tables prove that a word can be cut and merged piecewise (bpe_segments.go);
	// nil when they prove nothing.
	segments *wordSegments

	// Raw-byte input (see byteModel): the id of each byte's byte-level rune, when all 256 exist and no
	// prefix or suffix changes the symbols.
	rawOK    bool
	rawIDs   [256]uint32
	rawCache rawWordCache
	rawBuf   []byte
	// rawTokens tells which raw words may be a token, for ignore_merges; nil without it or not built.
	rawTokens *rawTokenFilter
	// rawCuts are the places the tables prove no merge crosses (bpe_byte_cuts.go); nil when not proved.
	rawCuts *byteCuts
	// proved tells that segments and rawCuts were proved (or read from an image), not skipped by LoadForImage.
	proved  bool
	cutToks []wordToken // the tokens of the last word merged in segments
	// charToks caches the tokens of segments that are one three-byte character.
	charToks charTokens
}

func pairKey(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

func (m *bpeModel) tokenToID(tok string) (uint32, bool) { return m.vocab.get(tok) }

func (m *bpeModel) idToToken(id uint32) (string, bool) { return m.vocab.token(id) }

func (m *bpeModel) vocabSize() int { return m.vocab.len() }

// tokenize is HF BPE::tokenize: a whole-word hit with ignore_merges, else the cached or freshly merged word.
func (m *bpeModel) tokenize(s string, dst []token) ([]token, error) {
	if s == "" {
		return dst, nil
	}
	if m.ignoreMerges {
		if id, ok := m.vocab.get(s); ok {
			return append(dst, token{id: id, value: m.vocab.tokenOf(id), start: 0, end: len(s)}), nil
		}
	}
	if m.segments != nil {
		return m.tokenizeSegments(s, dst)
	}
	if syms, ok := m.cache.get(s); ok {
		return m.appendTokens(dst, syms), nil
	}
	syms, err := m.mergeWord(s)
	if err != nil {
		return nil, err
	}
	m.cache.put(s, syms)
	return m.appendTokens(dst, syms), nil
}

func (m *bpeModel) appendTokens(dst []token, syms []wordSymbol) []token {
	pos := 0
	for _, sym := range syms {
		end := pos + int(sym.len)
		dst = append(dst, token{id: sym.id, value: m.vocab.tokenOf(sym.id), start: pos, end: end})
		pos = end
	}
	return dst
}

// wordSymbol is one token of a merged word: its id and how many bytes of the word it covers.
type wordSymbol struct {
	id  uint32
	len uint32
}

// mergeWord is HF BPE::merge_word: one symbol per rune (with prefix/suffix, byte fallback and unknown
// handling), then all merges applied.
func (m *bpeModel) mergeWord(w string) ([]wordSymbol, error) {
	sc := &m.scratch
	sc.syms = sc.syms[:0]
	var unk wordSymbol
	hasUnk := false
	for i := 0; i < len(w); {
		size := runeLenAt(w, i)
		end := i + size
		piece := w[i:end]
		if (i > 0 && m.prefix != "") || (end == len(w) && m.suffix != "") {
			var sb strings.Builder
			if i > 0 {
				sb.WriteString(m.prefix)
			}
			sb.WriteString(piece)
			if end == len(w) {
				sb.WriteString(m.suffix)
			}
			piece = sb.String()
		}
		if id, ok := m.vocab.get(piece); ok {
			if hasUnk {
				sc.syms = append(sc.syms, unk)
				hasUnk = false
			}
			sc.syms = append(sc.syms, wordSymbol{id, uint32(size)})
			i = end
			continue
		}
		if m.byteFallback && m.appendByteFallback(piece) {
			i = end
			continue
		}
		if m.hasUnk {
			unkID, ok := m.vocab.get(m.unkToken)
			if !ok {
				return nil, fmt.Errorf("engine: bpe: unk token %q out of vocabulary", m.unkToken)
			}
			switch {
			case hasUnk && m.fuseUnk:
				unk.len += uint32(size)
			case hasUnk:
				sc.syms = append(sc.syms, unk)
				unk = wordSymbol{unkID, uint32(size)}
			default:
				unk, hasUnk = wordSymbol{unkID, uint32(size)}, true
			}
		}
		i = end
	}
	if hasUnk {
		sc.syms = append(sc.syms, unk)
	}
	sc.mergeAll(m.merges)
	return sc.syms, nil
}

// appendByteFallback adds one <0xXX> token per byte of piece when all of them exist.
func (m *bpeModel) appendByteFallback(piece string) bool {
	for i := 0; i < len(piece); i++ {
		if !m.hasByteID[piece[i]] {
			return false
		}
	}
	for i := 0; i < len(piece); i++ {
		m.scratch.syms = append(m.scratch.syms, wordSymbol{m.byteIDs[piece[i]], 1})
	}
	return true
}

func runeLenAt(s string, i int) int {
	c := s[i]
	switch {
	case c < 0x80:
		return 1
	case c < 0xE0:
		return min(2, len(s)-i)
	case c < 0xF0:
		return min(3, len(s)-i)
	}
	return min(4, len(s)-i)
}

func (m *bpeModel) acceptsRawBytes() bool { return m.rawOK }

// tokenizeRaw is tokenize for a word given as raw bytes that stand for their byte-level runes; token
// offsets are raw byte offsets. Every byte's rune is in the vocabulary, so neither unknown tokens nor
// byte fallback can occur.
func (m *bpeModel) tokenizeRaw(raw string, dst []token) ([]token, error) {
	if raw == "" {
		return dst, nil
	}
	start := uint32(0)
	for _, t := range m.rawWordTokens(raw) {
		dst = append(dst, token{id: t.id, value: t.value, start: int(start), end: int(t.end)})
		start = t.end
	}
	return dst, nil
}

// rawWordTokens returns the tokens of a non-empty word given as raw bytes, from the cache or merged.
func (m *bpeModel) rawWordTokens(raw string) []wordToken {
	if toks, ok := m.rawCache.get(raw); ok {
		return toks
	}
	return m.mergeRaw(raw)
}

// mergeRaw tokenizes a word given as raw bytes and caches its tokens. With ignore_merges a word that
// is a token needs no merging; HF looks it up before its cache, which gives the same tokens. A word
// with a proven cut (bpe_byte_cuts.go) is merged and cached segment by segment instead.
func (m *bpeModel) mergeRaw(raw string) []wordToken {
	if toks := m.rawWholeToken(raw); toks != nil {
		return toks
	}
	if cut := m.firstRawCut(raw); cut < len(raw) {
		return m.mergeRawSegments(raw, cut)
	}
	return m.mergeRawWord(raw)
}

// rawWholeToken is, with ignore_merges, the cached token of a raw word that is a token; nil otherwise.
func (m *bpeModel) rawWholeToken(raw string) []wordToken {
	if m.ignoreMerges && m.rawTokens.mayBeToken(raw) {
		if id, ok := m.rawTokenID(raw); ok {
			sc := &m.scratch
			sc.syms = append(sc.syms[:0], wordSymbol{id, uint32(len(raw))})
			return m.rawCache.put(raw, sc.syms, m.vocab)
		}
	}
	return nil
}

// firstRawCut is where the first proven cut of a raw word lies, len(raw) for none.
func (m *bpeModel) firstRawCut(raw string) int {
	if m.rawCuts == nil {
		return len(raw)
	}
	return m.rawCuts.next(raw, 0)
}

// mergeRawWord merges a raw word as a whole and caches its tokens.
func (m *bpeModel) mergeRawWord(raw string) []wordToken {
	sc := &m.scratch
	sc.syms = sc.syms[:0]
	for i := 0; i < len(raw); i++ {
		sc.syms = append(sc.syms, wordSymbol{m.rawIDs[raw[i]], 1})
	}
	sc.mergeAll(m.merges)
	return m.rawCache.put(raw, sc.syms, m.vocab)
}
