package engine

import (
	"unicode/utf8"
)

// Pair cuts generalise the "▁" boundaries of bpe_segments.go to any two neighbouring characters that
// no merge joins: Chinese text, which has no "▁" inside a line, then splits into short segments that
// the word cache keeps, instead of one long word merged afresh every time.
//
// The proof. Suppose (checked at load) that (a) the token of every single-character vocabulary entry
// is that character (no two entries share its id), (b) every merge (x, y) -> z has token(z) =
// token(x) + token(y), and (c) no merge takes a byte-fallback or unknown id. Invariant while mergeWord
// runs on the whole word: a symbol with a fallback or unknown id never merges (by c); any other symbol's
// token is exactly the text it covers (by a initially, by b after each merge). Let L be the set of the
// last characters of the left tokens of all merges, R that of the first characters of their right
// tokens, and J the pairs (last of x, first of y) over all merges (x, y). If two neighbouring characters
// c1 c2 are not in J, no merge ever joins a symbol ending with c1 to one starting with c2: both would
// be of the second kind, whose tokens end with c1 and start with c2, so (c1, c2) would be in J. So no
// symbol crosses that place, and bpe_segments.go's argument shows that merging the segments on their
// own gives the same tokens. Characters are mergeWord's pieces: cut from the start of a token, its
// pieces are those of the word it covers; a piece that is not valid UTF-8 is never cut next to.

// bmpSize is the number of runes in the Basic Multilingual Plane.
const bmpSize = 0x10000

// maxJoinedPairs bounds the set J; real files have a few thousand (Mistral) to tens of thousands (gemma-3).
const maxJoinedPairs = 1 << 20

// pairCuts says which pairs of neighbouring characters some merge joins.
type pairCuts struct {
	bmpLeft, bmpRight [bmpSize / 64]uint64                       // L and R below U+10000, where most text is
	asciiJoined       [utf8.RuneSelf * utf8.RuneSelf / 64]uint64 // J over ASCII pairs, bit a*128+b
	joined            *u64Table                                  // J over the other pairs, keyed a<<32 | b
}

// provePairCuts checks the conditions above and builds the pair table, or returns nil.
func provePairCuts(m *bpeModel) *pairCuts {
	v := m.vocab
	for e := range uint32(len(v.ids)) {
		if tok := v.entry(e); tok != "" && runeLenAt(tok, 0) == len(tok) && v.tokenOf(v.ids[e]) != tok {
			return nil
		}
	}
	special := newIDSet(len(v.byID))
	for b, id := range m.byteIDs {
		if m.byteFallback && m.hasByteID[b] {
			special.add(id)
		}
	}
	if id, ok := v.get(m.unkToken); ok && m.hasUnk {
		special.add(id)
	}
	for _, s := range m.merges.table.slots {
		if s.key == emptyKey {
			continue
		}
		x, y := uint32(s.key>>32), uint32(s.key)
		tx, ty, tz := v.tokenOf(x), v.tokenOf(y), v.tokenOf(uint32(s.val))
		if special.has(x) || special.has(y) || len(tz) != len(tx)+len(ty) || tz[:len(tx)] != tx || tz[len(tx):] != ty {
			return nil
		}
	}
	p := &pairCuts{joined: newU64Table(0)}
	for _, s := range m.merges.table.slots {
		if s.key == emptyKey {
			continue
		}
		a, okA := lastCharacter(v.tokenOf(uint32(s.key >> 32)))
		b, okB := firstCharacter(v.tokenOf(uint32(s.key)))
		if okA && a < bmpSize {
			p.bmpLeft[a>>6] |= 1 << (a & 63)
		}
		if okB && b < bmpSize {
			p.bmpRight[b>>6] |= 1 << (b & 63)
		}
		switch {
		case !okA || !okB:
		case a < utf8.RuneSelf && b < utf8.RuneSelf:
			p.asciiJoined[(a*utf8.RuneSelf+b)>>6] |= 1 << ((a*utf8.RuneSelf + b) & 63)
		case p.joined.n >= maxJoinedPairs:
			return nil
		default:
			p.joined.put(uint64(a)<<32|uint64(b), 0)
		}
	}
	return p
}

// firstCharacter and lastCharacter are the first and last of the pieces mergeWord would cut tok into,
// when that piece is valid UTF-8.
func firstCharacter(tok string) (rune, bool) {
	if tok == "" {
		return 0, false
	}
	return validPiece(tok[:runeLenAt(tok, 0)])
}

func lastCharacter(tok string) (rune, bool) {
	start := 0
	for i := 0; i < len(tok); i += runeLenAt(tok, i) {
		start = i
	}
	if tok == "" {
		return 0, false
	}
	return validPiece(tok[start:])
}

func validPiece(piece string) (rune, bool) {
	r, n := utf8.DecodeRuneInString(piece)
	return r, n == len(piece) && !(r == utf8.RuneError && n == 1)
}

// endsJoin and startsJoin report whether r is in L and in R.
func (p *pairCuts) endsJoin(r rune) bool {
	return uint32(r) >= bmpSize || p.bmpLeft[r>>6]>>(r&63)&1 != 0
}

func (p *pairCuts) startsJoin(r rune) bool {
	return uint32(r) >= bmpSize || p.bmpRight[r>>6]>>(r&63)&1 != 0
}

// joinsASCII and joinsOther report whether (a, b) is in J, for two ASCII characters and for others.
func (p *pairCuts) joinsASCII(a, b rune) bool {
	i := uint32(a)<<7 | uint32(b)
	return p.asciiJoined[i>>6&255]>>(i&63)&1 != 0
}

func (p *pairCuts) joinsOther(a, b rune) bool {
	_, ok := p.joined.get(uint64(a)<<32 | uint64(b))
	return ok
}
