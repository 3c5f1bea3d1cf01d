package engine

import "unicode/utf8"

// Byte-level cuts carry the pair cuts of bpe_pair_cuts.go over to byte-level BPE (GPT-2, Llama-3, Qwen),
// whose words start as one symbol per byte: a long run of Chinese, which the Qwen and Llama-3 regexes
// keep whole, then splits into short segments that the word cache keeps.
//
// The proof. For a token t let B(t) be its bytes (its byte-level runes mapped back). Suppose (checked at
// load) that no two vocabulary entries share an id, that every byte's symbol has that byte's rune as token
// (rawIDs), and that the tokens of every merge (x, y) -> z are made of byte-level runes; scanMerges makes
// tok(z) = tok(x) tok(y). Invariant while the whole word merges: every symbol's B(id) is exactly the text it covers (true of
// the byte symbols, kept by each merge). Take a place between two characters c1 c2 of the word, both valid
// UTF-8, and a merge (x, y) that joins the symbol ending there with the one starting there: B(x) is a
// suffix of the text before, B(y) a prefix of the text after. Either B(x) holds all of c1, and then the
// last character decoded from B(x) is c1, or it is a proper part of c1, only continuation bytes, which
// decode to no character; likewise B(y) either decodes to c2 first or is a lead byte with too few
// continuation bytes, which decode to no character. In all cases the last byte of B(x) is c1's last byte
// and the first byte of B(y) is c2's first. So with J the pairs (last character of B(x), first character of
// B(y)) over the merges where both decode, and K the pairs (last byte of B(x), first byte of B(y)) over the
// other merges, a place where (c1, c2) is not in J and (last byte of c1, first byte of c2) is not in K is
// never crossed by a symbol, and bpe_segments.go's argument shows that merging the segments on their own
// gives the same tokens. The segments are merged without ignore_merges, which HF applies to the whole word
// only: mergeRaw looks the whole word up first. Cuts lie on character boundaries, so the offsets each
// segment's tokens widen to whole characters are the word's.

// byteCuts says which places between two characters of a byte-level word some merge may cross.
type byteCuts struct {
	chars       pairCuts               // J
	bytesJoined [256 * 256 / 64]uint64 // K, bit last<<8 | first
	pairFilter  []uint64               // bit pairFilterHash(a, b) set for every non-ASCII pair (a, b) of J
}

// proveByteCuts checks the conditions above and builds J and K, or returns nil. scanMerges makes the
// result of every merge (x, y) the token x y, so that only the ids need checking here.
func proveByteCuts(m *bpeModel) *byteCuts {
	v := m.vocab
	if !m.rawOK || m.prefix != "" || m.suffix != "" {
		return nil
	}
	for e := range uint32(len(v.ids)) {
		if v.byID[v.ids[e]] != e+1 {
			return nil // another entry has the same id
		}
	}
	var rawOf runeBytes
	for b := range 256 {
		r := byteRune(byte(b))
		if v.tokenOf(m.rawIDs[b]) != string(r) {
			return nil
		}
		rawOf[r] = uint16(b) + 1
	}
	c := &byteCuts{chars: pairCuts{joined: newU64Table(m.merges.table.n / 4)}, pairFilter: make([]uint64, pairFilterWords)}
	p := &c.chars
	for _, s := range m.merges.table.slots {
		if s.key == emptyKey {
			continue
		}
		var head, tail [utf8.UTFMax]byte
		nt, ok1 := rawOf.last(v.tokenOf(uint32(s.key>>32)), &tail)
		nh, ok2 := rawOf.first(v.tokenOf(uint32(s.key)), &head)
		if !ok1 || !ok2 {
			return nil
		}
		var a, b rune
		if t, h := tail[utf8.UTFMax-1], head[0]; t < utf8.RuneSelf && h < utf8.RuneSelf {
			a, b = rune(t), rune(h) // the common case, without decoding
		} else {
			var na, nb int
			a, na = utf8.DecodeLastRune(tail[utf8.UTFMax-nt:])
			b, nb = utf8.DecodeRune(head[:nh])
			if (a == utf8.RuneError && na == 1) || (b == utf8.RuneError && nb == 1) {
				k := uint32(t)<<8 | uint32(h)
				c.bytesJoined[k>>6] |= 1 << (k & 63)
				continue
			}
		}
		if a < bmpSize {
			p.bmpLeft[a>>6] |= 1 << (a & 63)
		}
		if b < bmpSize {
			p.bmpRight[b>>6] |= 1 << (b & 63)
		}
		switch {
		case a < utf8.RuneSelf && b < utf8.RuneSelf:
			p.asciiJoined[(a*utf8.RuneSelf+b)>>6] |= 1 << ((a*utf8.RuneSelf + b) & 63)
		case p.joined.n >= maxJoinedPairs:
			return nil
		default:
			c.addPair(a, b)
		}
	}
	return c
}

// addPair adds the non-ASCII pair (a, b) to J.
func (c *byteCuts) addPair(a, b rune) {
	c.chars.joined.put(uint64(a)<<32|uint64(b), 0)
	h := pairFilterHash(a, b)
	c.pairFilter[h>>6] |= 1 << (h & 63)
}

// runeBytes maps each byte-level rune (all below U+0800) to its byte plus one; 0 for other runes.
type runeBytes [0x800]uint16

// last puts the bytes at the end of tok, as many as decide its last character (up to four), at the end of
// dst and returns how many; false when tok is empty or one of them is not a byte-level rune. Past an
// ASCII byte or a lead byte no earlier byte changes what the end decodes to.
func (t *runeBytes) last(tok string, dst *[utf8.UTFMax]byte) (int, bool) {
	n, end := 0, len(tok)
	for n < utf8.UTFMax && end > 0 {
		r, size := rune(tok[end-1]), 1
		if r >= utf8.RuneSelf {
			if end < 2 || tok[end-2]&0xE0 != 0xC0 || r&0xC0 != 0x80 {
				return 0, false
			}
			r, size = rune(tok[end-2]&0x1F)<<6|r&0x3F, 2
		}
		if t[r] == 0 {
			return 0, false
		}
		b := byte(t[r] - 1)
		n++
		dst[utf8.UTFMax-n] = b
		end -= size
		if b < 0x80 || b >= 0xC0 {
			break
		}
	}
	return n, n > 0
}

// first puts the bytes at the start of tok, as many as its first character needs (up to four), at the
// start of dst.
func (t *runeBytes) first(tok string, dst *[utf8.UTFMax]byte) (int, bool) {
	n, i, need := 0, 0, 1
	for n < need && i < len(tok) {
		r, size := rune(tok[i]), 1
		if r >= utf8.RuneSelf {
			if i+1 >= len(tok) || r&0xE0 != 0xC0 || tok[i+1]&0xC0 != 0x80 {
				return 0, false
			}
			r, size = (r&0x1F)<<6|rune(tok[i+1]&0x3F), 2
		}
		if t[r] == 0 {
			return 0, false
		}
		b := byte(t[r] - 1)
		if n == 0 {
			switch {
			case b >= 0xF0:
				need = 4
			case b >= 0xE0:
				need = 3
			case b >= 0xC0:
				need = 2
			}
		}
		dst[n] = b
		n++
		i += size
	}
	return n, n > 0
}

// next returns where the segment of the raw word w that starts at start ends: at the next place no merge
// crosses, or at the end of w. Next to a byte that is not part of valid UTF-8 it never cuts. The common
// three-byte characters are decoded inline and the pair table is probed only past a bit filter: inside
// wasm both calls would cost more than the rest of the step.
func (c *byteCuts) next(w string, start int) int {
	p := &c.chars
	prev, prevEndsJoin := rune(-1), false // prev is -1 for a piece that is not valid UTF-8
	for i := start; i < len(w); {
		b := w[i]
		size, r := 1, rune(b)
		if b >= utf8.RuneSelf {
			if b >= 0xE1 && b <= 0xEF && b != 0xED && i+2 < len(w) && w[i+1]&0xC0 == 0x80 && w[i+2]&0xC0 == 0x80 {
				size, r = 3, rune(b&0x0F)<<12|rune(w[i+1]&0x3F)<<6|rune(w[i+2]&0x3F)
			} else if r, size = utf8.DecodeRuneInString(w[i:]); r == utf8.RuneError && size == 1 {
				r = -1
			}
		}
		if i > start && r >= 0 && prev >= 0 {
			k := uint32(w[i-1])<<8 | uint32(b)
			if c.bytesJoined[k>>6]>>(k&63)&1 == 0 {
				if !prevEndsJoin || !p.startsJoin(r) {
					return i
				}
				if prev|r < utf8.RuneSelf {
					if !p.joinsASCII(prev, r) {
						return i
					}
				} else if h := pairFilterHash(prev, r); c.pairFilter[h>>6]>>(h&63)&1 == 0 || !p.joinsOther(prev, r) {
					return i
				}
			}
		}
		prev = r
		prevEndsJoin = r >= 0 && p.endsJoin(r)
		i += size
	}
	return len(w)
}

// pairFilterBits is the size of the bit filter over J's non-ASCII pairs: tens of thousands of pairs in
// 2^20 bits leave a few per cent of false hits, each costing a table probe.
const (
	pairFilterBits  = 20
	pairFilterWords = 1 << pairFilterBits / 64
)

func pairFilterHash(a, b rune) uint64 {
	return (uint64(a)<<32 | uint64(b)) * 0x9E3779B97F4A7C15 >> (64 - pairFilterBits)
}
