package engine

import "unicode/utf8"

// rawTokenFilter answers, for a model with ignore_merges that reads raw bytes, which words cannot be a
// vocabulary token: mergeRaw then skips spelling the word in byte-level runes and searching the
// vocabulary, which cost more than the merge of most words the word cache misses (most are not tokens).
// It has a bit set, at the hash of the raw bytes' word key, for every token made only of byte-level
// runes; a token with another rune can never equal a word spelled in byte-level runes. Load builds it
// with the proofs (proveShortcuts) and an image keeps it (image_raw_tokens.go).
type rawTokenFilter struct {
	bits  []uint64
	shift uint // 64 - log2 of the number of bits
}

// rawTokenFilterBits is log2 of the filter's bits for a vocabulary of n tokens: eight to sixteen per token.
func rawTokenFilterBits(n int) uint {
	bits := uint(6)
	for 1<<bits < 8*n {
		bits++
	}
	return bits
}

// newRawTokenFilter indexes the tokens of v that stand for raw bytes.
func newRawTokenFilter(v *vocabTable) *rawTokenFilter {
	bits := rawTokenFilterBits(v.len())
	f := &rawTokenFilter{bits: make([]uint64, 1<<(bits-6)), shift: 64 - bits}
	var rawOf runeBytes
	for b := range 256 {
		rawOf[byteRune(byte(b))] = uint16(b) + 1
	}
	raw := make([]byte, 0, 64)
	for e := range uint32(v.len()) {
		if r, ok := rawOf.decode(raw[:0], v.entry(e)); ok {
			h := f.hash(makeWordKey(string(r)))
			f.bits[h>>6] |= 1 << (h & 63)
			raw = r
		}
	}
	return f
}

// decode appends the bytes that the byte-level runes of tok stand for; false when tok has another rune.
// Byte-level runes are below U+0800, one or two bytes of UTF-8: the loop decodes them inline, as this
// runs for every token of the vocabulary at load.
func (t *runeBytes) decode(dst []byte, tok string) ([]byte, bool) {
	for i := 0; i < len(tok); {
		r := rune(tok[i])
		if r >= utf8.RuneSelf {
			if r < 0xC2 || r > 0xDF || i+1 >= len(tok) || tok[i+1]&0xC0 != 0x80 {
				return dst, false
			}
			r = (r&0x1F)<<6 | rune(tok[i+1]&0x3F)
			i++
		}
		i++
		if t[r] == 0 {
			return dst, false
		}
		dst = append(dst, byte(t[r]-1))
	}
	return dst, true
}

func (f *rawTokenFilter) hash(k wordKey) uint64 {
	return ((k.head^uint64(k.n))*0xD6E8FEB86659FD93 ^ k.tail) * 0x94D049BB133111EB >> f.shift
}

// mayBeToken is false for most raw words that are not a token and true for every one that is, and for
// every word when there is no filter (a model loaded by LoadForImage).
func (f *rawTokenFilter) mayBeToken(raw string) bool {
	if f == nil {
		return true
	}
	h := f.hash(makeWordKey(raw))
	return f.bits[h>>6]&(1<<(h&63)) != 0
}

// rawTokenID is the id of the token spelling raw in byte-level runes, if there is one.
func (m *bpeModel) rawTokenID(raw string) (uint32, bool) {
	m.rawBuf = m.rawBuf[:0]
	for i := 0; i < len(raw); i++ {
		// Byte-level runes are below U+0800: one or two bytes of UTF-8, encoded here without a call.
		if r := byteRune(raw[i]); r < utf8.RuneSelf {
			m.rawBuf = append(m.rawBuf, byte(r))
		} else {
			m.rawBuf = append(m.rawBuf, 0xC0|byte(r>>6), 0x80|byte(r&0x3F))
		}
	}
	return m.vocab.getBytes(m.rawBuf)
}
