package engine

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// bpeModel is HF's BPE model. Vocabulary and merges live in flat tables; merged words are cached.
type bpeModel struct {
	vocab        *strTable
	vocabR       []string    // token by id; "" where the id is unused
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

	// Raw-byte input (see byteModel): the id of each byte's byte-level rune, when all 256 exist and no
	// prefix or suffix changes the symbols.
	rawOK    bool
	rawIDs   [256]uint32
	rawCache *wordCache
	rawBuf   []byte
}

func pairKey(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

func newBPEModel(raw json.RawMessage, path string) (model, error) {
	var r struct {
		Vocab                   map[string]uint32 `json:"vocab"`
		Merges                  json.RawMessage   `json:"merges"`
		Dropout                 *float64          `json:"dropout"`
		UnkToken                *string           `json:"unk_token"`
		ContinuingSubwordPrefix *string           `json:"continuing_subword_prefix"`
		EndOfWordSuffix         *string           `json:"end_of_word_suffix"`
		FuseUnk                 *bool             `json:"fuse_unk"`
		ByteFallback            *bool             `json:"byte_fallback"`
		IgnoreMerges            *bool             `json:"ignore_merges"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	if r.Vocab == nil || !present(r.Merges) {
		return nil, fmt.Errorf("engine: %s: missing vocab/merges", path)
	}
	if r.Dropout != nil && (*r.Dropout < 0 || *r.Dropout > 1) {
		return nil, fmt.Errorf("engine: %s.dropout: must be between 0 and 1", path)
	}
	merges, err := parseMerges(r.Merges, path+".merges")
	if err != nil {
		return nil, err
	}
	m := &bpeModel{cache: newWordCache()}
	if r.UnkToken != nil {
		m.unkToken, m.hasUnk = *r.UnkToken, true
	}
	if r.ContinuingSubwordPrefix != nil {
		m.prefix = *r.ContinuingSubwordPrefix
	}
	if r.EndOfWordSuffix != nil {
		m.suffix = *r.EndOfWordSuffix
	}
	m.fuseUnk = r.FuseUnk != nil && *r.FuseUnk
	m.byteFallback = r.ByteFallback != nil && *r.ByteFallback
	m.ignoreMerges = r.IgnoreMerges != nil && *r.IgnoreMerges
	m.setVocab(r.Vocab)
	m.rawOK = m.rawOK && m.prefix == "" && m.suffix == ""
	m.rawCache = newWordCache()
	if err := m.setMerges(merges, path+".merges"); err != nil {
		return nil, err
	}
	return m, nil
}

// setVocab fills the token tables.
func (m *bpeModel) setVocab(vocab map[string]uint32) {
	m.vocab = newStrTable(len(vocab))
	maxID := uint32(0)
	for tok, id := range vocab {
		m.vocab.put(tok, id)
		maxID = max(maxID, id)
	}
	if len(vocab) > 0 {
		m.vocabR = make([]string, maxID+1)
	}
	for tok, id := range vocab {
		m.vocabR[id] = tok
	}
	for b := 0; b < 256; b++ {
		m.byteIDs[b], m.hasByteID[b] = m.vocab.get(fmt.Sprintf("<0x%02X>", b))
	}
	m.rawOK = true
	for b := 0; b < 256; b++ {
		id, ok := m.vocab.get(string(byteRune(byte(b))))
		m.rawIDs[b] = id
		m.rawOK = m.rawOK && ok
	}
}

// parseMerges reads merges written as "a b" strings or as ["a", "b"] pairs. A string must split on
// its single space into exactly two parts, as HF requires.
func parseMerges(raw json.RawMessage, path string) ([][2]string, error) {
	var pairs [][2]string
	if err := json.Unmarshal(raw, &pairs); err == nil {
		return pairs, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return nil, fmt.Errorf("engine: %s: neither \"a b\" strings nor [a, b] pairs: %w", path, err)
	}
	pairs = make([][2]string, 0, len(lines))
	for _, line := range lines {
		if strings.HasPrefix(line, "#version") {
			continue
		}
		a, b, ok := strings.Cut(line, " ")
		if !ok || strings.Contains(b, " ") {
			return nil, fmt.Errorf("engine: %s: merge %d %q does not split into two tokens", path, len(pairs)+1, line)
		}
		pairs = append(pairs, [2]string{a, b})
	}
	return pairs, nil
}

// setMerges builds the merge table; a later duplicate pair overrides an earlier one, as in HF.
func (m *bpeModel) setMerges(merges [][2]string, path string) error {
	table := newU64Table(len(merges))
	m.merges = newMergeTable(table)
	for rank, mg := range merges {
		a, ok := m.vocab.get(mg[0])
		if !ok {
			return fmt.Errorf("engine: %s[%d]: token %q out of vocabulary", path, rank, mg[0])
		}
		b, ok := m.vocab.get(mg[1])
		if !ok {
			return fmt.Errorf("engine: %s[%d]: token %q out of vocabulary", path, rank, mg[1])
		}
		// HF drops len(prefix) bytes of the right token whether or not it starts with the prefix.
		if len(mg[1]) < len(m.prefix) {
			return fmt.Errorf("engine: %s[%d]: token %q is shorter than continuing_subword_prefix", path, rank, mg[1])
		}
		merged := mg[0] + mg[1][len(m.prefix):]
		id, ok := m.vocab.get(merged)
		if !ok {
			return fmt.Errorf("engine: %s[%d]: token %q out of vocabulary", path, rank, merged)
		}
		table.put(pairKey(a, b), uint64(rank)<<32|uint64(id))
	}
	return nil
}

func (m *bpeModel) tokenToID(tok string) (uint32, bool) { return m.vocab.get(tok) }

func (m *bpeModel) idToToken(id uint32) (string, bool) {
	if int(id) >= len(m.vocabR) || m.vocabR[id] == "" {
		return "", false
	}
	return m.vocabR[id], true
}

func (m *bpeModel) vocabSize() int { return m.vocab.len() }

// tokenize is HF BPE::tokenize: a whole-word hit with ignore_merges, else the cached or freshly merged word.
func (m *bpeModel) tokenize(s string, dst []token) ([]token, error) {
	if s == "" {
		return dst, nil
	}
	if m.ignoreMerges {
		if id, ok := m.vocab.get(s); ok {
			return append(dst, token{id: id, value: m.vocabR[id], start: 0, end: len(s)}), nil
		}
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
		dst = append(dst, token{id: sym.id, value: m.vocabR[sym.id], start: pos, end: pos + int(sym.len)})
		pos += int(sym.len)
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
	if m.ignoreMerges {
		m.rawBuf = m.rawBuf[:0]
		for i := 0; i < len(raw); i++ {
			m.rawBuf = utf8.AppendRune(m.rawBuf, byteRune(raw[i]))
		}
		if id, ok := m.vocab.getBytes(m.rawBuf); ok {
			return append(dst, token{id: id, value: m.vocabR[id], start: 0, end: len(raw)}), nil
		}
	}
	if syms, ok := m.rawCache.get(raw); ok {
		return m.appendTokens(dst, syms), nil
	}
	sc := &m.scratch
	sc.syms = sc.syms[:0]
	for i := 0; i < len(raw); i++ {
		sc.syms = append(sc.syms, wordSymbol{m.rawIDs[raw[i]], 1})
	}
	sc.mergeAll(m.merges)
	m.rawCache.put(raw, sc.syms)
	return m.appendTokens(dst, sc.syms), nil
}
