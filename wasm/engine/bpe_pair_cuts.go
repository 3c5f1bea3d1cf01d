package engine

import "unicode/utf8"

// Pair cuts generalise the "▁" boundaries of bpe_segments.go to any two neighbouring characters that
// no merge joins: Chinese text, which has no "▁" inside a line, then splits into short segments that
// the word cache keeps, instead of one long word merged afresh every time.
//
// The proof. For a token t let first(t) and last(t) be its first and last characters. Suppose (checked
// at load) that (a) no two vocabulary entries share an id, (b) every merge (x, y) -> z has first(z) =
// first(x) and last(z) = last(y), and (c) no merge takes a byte-fallback or unknown id. Invariant while
// mergeWord runs on the whole word: a symbol with a fallback or unknown id never merges (by c); any
// other symbol's token starts with the first character of the text it covers and ends with its last
// one (by a, a character's symbol has that character's entry as token; by b after each merge, the
// merged text starting as x's and ending as y's). Let J be the pairs (last(x), first(y)) over all
// merges (x, y). If two neighbouring characters c1 c2 are not in J, no merge ever joins a symbol ending
// with c1 to one starting with c2: both would be of the second kind, with tokens ending with c1 and
// starting with c2, so (c1, c2) would be in J. So no symbol crosses that place, and bpe_segments.go's
// argument shows that merging the segments on their own gives the same tokens. Characters are
// mergeWord's pieces: cut from the start of a token, its pieces are those of the text it covers; a
// piece that is not valid UTF-8 is never cut next to. The check reads each token once and each merge
// once, so that it costs little next to loading the tables.

// bmpSize is the number of runes in the Basic Multilingual Plane.
const bmpSize = 0x10000

// maxJoinedPairs bounds the set J; real files have a few thousand (Mistral) to tens of thousands (gemma-3).
const maxJoinedPairs = 1 << 20

// pairCuts says which pairs of neighbouring characters some merge joins.
type pairCuts struct {
	// L and R below U+10000, where most text is; a rune above counts as in both, leaving it to J.
	bmpLeft, bmpRight [bmpSize / 64]uint64
	asciiJoined       [utf8.RuneSelf * utf8.RuneSelf / 64]uint64 // J over ASCII pairs, bit a*128+b
	joined            *u64Table                                  // J over the other pairs, keyed a<<32 | b

	// The pairs of "▁" and an ASCII character, met at every word of SentencePiece text, read from J
	// once by fillMarkerPairs (markersKnown) instead of a look-up in joined each time: bit b of
	// markerThen says whether next cuts nowhere between "▁" and b, of thenMarker between b and "▁".
	markerThen, thenMarker [utf8.RuneSelf / 64]uint64
	markersKnown           bool
}

// markerRune is spaceMarker's rune.
const markerRune = 0x2581

// fillMarkerPairs fills markerThen and thenMarker from J, L and R.
func (p *pairCuts) fillMarkerPairs() {
	for b := range rune(utf8.RuneSelf) {
		if p.endsJoin(markerRune) && p.startsJoin(b) && p.joinsOther(markerRune, b) {
			p.markerThen[b>>6] |= 1 << (b & 63)
		}
		if p.endsJoin(b) && p.startsJoin(markerRune) && p.joinsOther(b, markerRune) {
			p.thenMarker[b>>6] |= 1 << (b & 63)
		}
	}
	p.markersKnown = true
}

// provePairCuts checks the conditions above and builds the pair table, or returns nil.
func provePairCuts(m *bpeModel) *pairCuts {
	v := m.vocab
	// first and last character of every id's token, -1 where it is not valid UTF-8 or the id is unused.
	first, last := make([]rune, len(v.byID)), make([]rune, len(v.byID))
	for i := range first {
		first[i], last[i] = -1, -1
	}
	for e := range uint32(len(v.ids)) {
		id := v.ids[e]
		if v.byID[id] != e+1 {
			return nil // another entry has the same id
		}
		tok := v.entry(e)
		if r, ok := firstCharacter(tok); ok {
			first[id] = r
		}
		if r, ok := lastCharacter(tok); ok {
			last[id] = r
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
	p := &pairCuts{joined: newU64Table(0)}
	for _, s := range m.merges.table.slots {
		if s.key == emptyKey {
			continue
		}
		x, y, z := uint32(s.key>>32), uint32(s.key), uint32(s.val)
		if special.has(x) || special.has(y) || first[z] != first[x] || last[z] != last[y] {
			return nil
		}
		a, b := last[x], first[y]
		if a >= 0 && a < bmpSize {
			p.bmpLeft[a>>6] |= 1 << (a & 63)
		}
		if b >= 0 && b < bmpSize {
			p.bmpRight[b>>6] |= 1 << (b & 63)
		}
		switch {
		case a < 0 || b < 0:
		case a < utf8.RuneSelf && b < utf8.RuneSelf:
			p.asciiJoined[(a*utf8.RuneSelf+b)>>6] |= 1 << ((a*utf8.RuneSelf + b) & 63)
		case p.joined.n >= maxJoinedPairs:
			return nil
		default:
			p.joined.put(uint64(a)<<32|uint64(b), 0)
		}
	}
	p.fillMarkerPairs()
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

// keepASCIIPairsInLR drops from J the ASCII pairs whose sides are not in L and R, which provePairCuts
// never puts there but an image could: next relies on it.
// Row a of the ASCII pairs is two words, whose bits b line up with those of R's first two words.
func (p *pairCuts) keepASCIIPairsInLR() {
	for a := range rune(utf8.RuneSelf) {
		row := p.asciiJoined[2*a : 2*a+2]
		if p.endsJoin(a) {
			row[0] &= p.bmpRight[0]
			row[1] &= p.bmpRight[1]
		} else {
			row[0], row[1] = 0, 0
		}
	}
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

// next returns where the segment starting at start ends: before the first character that no merge
// joins to the one before it, or at the end of s. It steps through characters as mergeWord cuts them;
// next to a character that is not valid UTF-8 it never cuts.
func (p *pairCuts) next(s string, start int) int {
	prev := rune(-1) // -1 before the first character and for a piece that is not valid UTF-8
	for i := start; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && uint32(prev) < utf8.RuneSelf {
			// The common case, two ASCII characters: a pair in J has its sides in L and R already.
			if !p.joinsASCII(prev, rune(c)) {
				return i
			}
			prev = rune(c)
			i++
			continue
		}
		if p.markersKnown {
			// The next most common: an ASCII character after "▁", or "▁" after one.
			if c < utf8.RuneSelf && prev == markerRune {
				if p.markerThen[c>>6]>>(c&63)&1 == 0 {
					return i
				}
				prev = rune(c)
				i++
				continue
			}
			if c == 0xE2 && uint32(prev) < utf8.RuneSelf && i+2 < len(s) && s[i+1] == 0x96 && s[i+2] == 0x81 {
				if p.thenMarker[prev>>6]>>(prev&63)&1 == 0 {
					return i
				}
				prev = markerRune
				i += 3
				continue
			}
		}
		size, r := 1, rune(c)
		if c >= utf8.RuneSelf {
			size = runeLenAt(s, i)
			if r = -1; size == 3 {
				r = threeByteRune(s, i)
			}
			if r < 0 {
				r = pieceRune(s[i : i+size])
			}
		}
		if prev >= 0 && r >= 0 && (!p.endsJoin(prev) || !p.startsJoin(r) ||
			(prev|r < utf8.RuneSelf && !p.joinsASCII(prev, r)) || (prev|r >= utf8.RuneSelf && !p.joinsOther(prev, r))) {
			return i
		}
		prev = r
		i += size
	}
	return len(s)
}

// threeByteRune is the rune of the three bytes at s[i] when they are a valid UTF-8 sequence (most
// non-Latin text), decoded without a call; -1 otherwise.
func threeByteRune(s string, i int) rune {
	c0, c1, c2 := s[i], s[i+1], s[i+2]
	r := rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
	if c0&0xF0 != 0xE0 || c1&0xC0|(c2&0xC0)>>2 != 0xA0 || r < 0x800 || r>>11 == 0xD800>>11 {
		return -1
	}
	return r
}

// pieceRune is the rune of a piece mergeWord cuts, -1 when it is not valid UTF-8.
func pieceRune(piece string) rune {
	if r, ok := validPiece(piece); ok {
		return r
	}
	return -1
}
