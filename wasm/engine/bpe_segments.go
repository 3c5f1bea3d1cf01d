package engine

import (
	"strings"
	"unicode/utf8"
)

// SentencePiece-style BPE models (Mistral, Llama 2, Phi-3) have no pre-tokenizer: a whole line, its
// spaces turned into "▁", reaches the model as one word, which is long (a heap merge) and never repeats
// (the word cache misses). Their merges, however, never join a symbol that ends in another character
// with one that starts with "▁". When the model's tables prove it, a word is merged as the segments
// that start at each "▁" following another character, each through the word cache: that gives exactly
// the tokens of the whole word. Pair cuts (bpe_pair_cuts.go) prove more places, and are tried first;
// the "▁" proof below is the fallback for files where they fail.
//
// The proof. Let a boundary be the position before a "▁" character whose previous character is not
// "▁"; characters are the pieces mergeWord cuts (runeLenAt). Let S be the least set of ids holding the
// id of "▁" and the result z of every merge (x, y) -> z with x in S; let E be the least set holding
// the id of every single-character token other than "▁", every byte-fallback id and the unknown id, and
// the result z of every merge (x, y) -> z with y in E. Suppose no merge (x, y) has x in E and y in S.
//
// Invariant, while mergeWord runs on the whole word: no symbol covers text on both sides of a boundary,
// a symbol whose text ends in a character other than "▁" has its id in E, and a symbol whose text
// starts with "▁" has its id in S. Initially every symbol covers one character (its vocabulary id, or
// one of its bytes' fallback ids, or the unknown id), or a run of unknown characters fused by fuse_unk;
// "▁" is in the vocabulary, so it never becomes a fallback or unknown symbol and an unknown run stops
// before a boundary. A merge of x and y covers x's text then y's: it starts as x does and ends as y
// does, so the closures keep the last two parts. The pair astride a boundary has a left symbol ending
// in a character other than "▁" (in E) and a right one starting with "▁" (in S), so no merge joins
// them and the first part holds too.
//
// Hence the pairs that can merge lie inside segments, and a merge changes only pairs of its own
// segment. BPE repeatedly merges the pair of lowest rank, the leftmost among equals; the pair the whole
// word merges next is therefore the one its segment would merge next on its own, and each segment goes
// through the same merges as when merged alone: the result is the concatenation of the segments'.
//
// What else could break it: a continuing_subword_prefix or end_of_word_suffix changes a character's
// symbol with its place in the word (the proof is then not attempted); a character without symbol
// (no byte fallback for it and no unknown token) is dropped and shifts the offsets of every later
// symbol of the word, so every character must get one. ignore_merges looks the whole word up first,
// which tokenize still does before cutting it. Dropout, which the engine reads but does not apply,
// only ever skips merges and so would keep the invariant. Added tokens are cut off before the model
// sees the word.

// spaceMarker is SentencePiece's "▁" (U+2581).
const spaceMarker = "\u2581"

// maxProofPasses bounds the closure passes: a file whose merges use tokens of later merges may need more
// than the usual two, and it loses only the shortcut.
const maxProofPasses = 8

// wordSegments are the places where the model's tables prove that no merge ever joins two symbols,
// so that a word is merged segment by segment.
type wordSegments struct {
	space bool      // before each "▁" that follows another character
	pairs *pairCuts // between two characters that no merge joins (bpe_pair_cuts.go); nil when not proved

	asciiTokens [utf8.RuneSelf]cachedToken // the token of each ASCII character, len 0 when it has none

	cache tokenCache    // the tokens of segments met before
	long  []cachedToken // the tokens of the last segment too long to be cached
}

// proveSegments returns the segments the model's tables prove, or nil.
func proveSegments(m *bpeModel) *wordSegments {
	if m.prefix != "" || m.suffix != "" || !everyCharacterGetsSymbols(m) {
		return nil
	}
	// Pair cuts already cut at every "▁" boundary unless a merge joins another character to "▁", which
	// defeats the "▁" proof too in all but contrived files: the costlier "▁" proof runs without them.
	g := &wordSegments{pairs: provePairCuts(m)}
	if g.pairs == nil {
		if g.space = provesSpaceSegments(m); !g.space {
			return nil
		}
	}
	g.fillASCII(m)
	return g
}

// fillASCII finds the token of each ASCII character.
func (g *wordSegments) fillASCII(m *bpeModel) {
	for c := range byte(utf8.RuneSelf) {
		if id, ok := m.vocab.get(string(rune(c))); ok {
			g.asciiTokens[c] = cachedToken{value: m.vocab.tokenOf(id), id: id, len: 1}
		}
	}
}

// everyCharacterGetsSymbols reports whether mergeWord gives every character at least one symbol: by
// byte fallback with all 256 byte tokens, or else as an unknown token. A dropped character would shift
// the offsets of the rest of its word, which a segment could not know.
func everyCharacterGetsSymbols(m *bpeModel) bool {
	allBytes := true
	for _, has := range m.hasByteID {
		allBytes = allBytes && has
	}
	return (m.byteFallback && allBytes) || m.hasUnk
}

// provesSpaceSegments reports whether the model's tables prove that no merge crosses a boundary (see
// above), given that proveSegments' conditions hold. The merges are taken in rank order, so the
// closures usually settle in one pass.
func provesSpaceSegments(m *bpeModel) bool {
	v := m.vocab
	spaceID, ok := v.get(spaceMarker)
	if !ok {
		return false
	}
	starts, ends := newIDSet(len(v.byID)), newIDSet(len(v.byID))
	starts.add(spaceID)
	for e := range uint32(len(v.ids)) {
		if tok := v.entry(e); tok != "" && runeLenAt(tok, 0) == len(tok) && tok != spaceMarker {
			ends.add(v.ids[e])
		}
	}
	if m.byteFallback {
		for b, id := range m.byteIDs {
			if m.hasByteID[b] {
				ends.add(id)
			}
		}
	}
	if m.hasUnk {
		if id, ok := v.get(m.unkToken); ok {
			ends.add(id)
		}
	}
	t := m.merges.table
	if !plausibleSpaceSegments(v, t) {
		return false
	}
	order := slotsByRank(t)
	merged := func(slot uint32) (left, right, id uint32) {
		s := t.slots[slot-1]
		return uint32(s.key >> 32), uint32(s.key), uint32(s.val)
	}
	settled := false
	for pass := 0; pass < maxProofPasses && !settled; pass++ {
		settled = true
		for _, slot := range order {
			if slot == 0 {
				continue
			}
			left, right, id := merged(slot)
			if starts.has(left) && !starts.has(id) {
				starts.add(id)
				settled = false
			}
			if ends.has(right) && !ends.has(id) {
				ends.add(id)
				settled = false
			}
		}
	}
	if !settled {
		return false
	}
	for _, slot := range order {
		if slot != 0 {
			if left, right, _ := merged(slot); ends.has(left) && starts.has(right) {
				return false
			}
		}
	}
	return true
}

// plausibleSpaceSegments is a quick test by the tokens' text that rejects most files for which the
// proof would fail (a merge of "x" and "▁y"), before the proof allocates anything.
func plausibleSpaceSegments(v *vocabTable, t *u64Table) bool {
	for _, s := range t.slots {
		if s.key == emptyKey {
			continue
		}
		left, right := v.tokenOf(uint32(s.key>>32)), v.tokenOf(uint32(s.key))
		if strings.HasPrefix(right, spaceMarker) && !strings.HasSuffix(left, spaceMarker) {
			return false
		}
	}
	return true
}

// slotsByRank lists the slots of t (index + 1) from the lowest rank to the highest, 0 for a rank that
// no slot holds.
func slotsByRank(t *u64Table) []uint32 {
	maxRank := -1
	for _, s := range t.slots {
		if s.key != emptyKey {
			maxRank = max(maxRank, int(s.val>>32))
		}
	}
	order := make([]uint32, maxRank+1)
	for i, s := range t.slots {
		if s.key != emptyKey {
			order[s.val>>32] = uint32(i + 1)
		}
	}
	return order
}

// idSet is a set of token ids below a bound.
type idSet []uint64

func newIDSet(n int) idSet { return make(idSet, (n+63)/64) }

func (s idSet) add(id uint32) {
	if int(id>>6) < len(s) {
		s[id>>6] |= 1 << (id & 63)
	}
}

func (s idSet) has(id uint32) bool { return int(id>>6) < len(s) && s[id>>6]&(1<<(id&63)) != 0 }

// tokenizeSegments is tokenize for a model with proven segments: each segment is merged on its own,
// through the token cache.
func (m *bpeModel) tokenizeSegments(s string, dst []token) ([]token, error) {
	for start := 0; start < len(s); {
		toks, end, err := m.segmentAt(s, start)
		if err != nil {
			return nil, err
		}
		for i := range toks {
			t := &toks[i]
			next := start + int(t.len)
			dst = append(dst, token{id: t.id, value: t.value, start: start, end: next})
			start = next
		}
		start = end
	}
	return dst, nil
}

// segmentAt returns the tokens of the segment of s that starts at start, and where it ends.
func (m *bpeModel) segmentAt(s string, start int) ([]cachedToken, int, error) {
	g := m.segments
	var end int
	if g.pairs != nil {
		end = g.pairs.next(s, start) // what g.next does, one call fewer inside wasm
	} else {
		end = g.next(s, start)
	}
	// One character merges with nothing: its token is its vocabulary entry when it has one.
	if c := s[start]; end-start == 1 && c < utf8.RuneSelf && g.asciiTokens[c].len != 0 {
		return g.asciiTokens[c : c+1], end, nil
	}
	seg := s[start:end]
	k := makeWordKey(seg)
	if toks, ok := g.cache.get(seg, k); ok {
		return toks, end, nil
	}
	syms, err := m.mergeWord(seg)
	if err != nil {
		return nil, 0, err
	}
	toks := &g.long
	if len(seg) < wordCacheMaxLen {
		toks = g.cache.put(seg, k)
	} else {
		g.long = g.long[:0]
	}
	for _, sym := range syms {
		*toks = append(*toks, cachedToken{value: m.vocab.tokenOf(sym.id), id: sym.id, len: sym.len})
	}
	return *toks, end, nil
}

// next returns where the segment starting at start ends: at the next proven cut, or at the end of s.
// It steps through characters as mergeWord cuts them; next to a character that is not valid UTF-8 it
// never cuts.
func (g *wordSegments) next(s string, start int) int {
	if g.pairs != nil {
		return g.pairs.next(s, start)
	}
	prevSpace := false
	for i := start; i < len(s); {
		size := runeLenAt(s, i)
		space := size == 3 && s[i] == 0xE2 && s[i+1] == 0x96 && s[i+2] == 0x81
		if i > start && g.space && space && !prevSpace {
			return i
		}
		prevSpace = space
		i += size
	}
	return len(s)
}
