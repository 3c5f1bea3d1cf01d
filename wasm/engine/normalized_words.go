package engine

// Rewrites look at ASCII text eight bytes at a time. Inside wasm every loop iteration and taken branch
// of Go code goes through a jump table, so a byte loop is slow; one iteration per word is not.

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// wordAt is the 8 bytes of s at i, the first in the lowest byte; i+8 <= len(s).
func wordAt(s string, i int) uint64 { return load64(s, i) }

// equalBytes has the high bit set in every byte of w that is c, and no other bit.
func equalBytes(w uint64, c byte) uint64 {
	v := w ^ lowBits*uint64(c)
	return ^((v&^highBits + ^uint64(highBits)) | v) & highBits
}

// upperBytes has the high bit set in every byte of w, an ASCII word, that is 'A' to 'Z'.
func upperBytes(w uint64) uint64 {
	atLeastA := w + lowBits*(0x80-'A')
	aboveZ := w + lowBits*(0x80-'Z'-1)
	return atLeastA &^ aboveZ & highBits
}

// controlBytes has the high bit set in every byte of w, an ASCII word, that is below ' ' or DEL.
func controlBytes(w uint64) uint64 {
	return ^(w+lowBits*(0x80-' '))&highBits | equalBytes(w, 0x7F)
}

// lowerWord lowercases the letters of w, an ASCII word.
func lowerWord(w uint64) uint64 { return w | upperBytes(w)>>2 }

// appendWord appends the 8 bytes of w.
func appendWord(out []byte, w uint64) []byte {
	return append(out, byte(w), byte(w>>8), byte(w>>16), byte(w>>24), byte(w>>32), byte(w>>40), byte(w>>48), byte(w>>56))
}

// appendByteSpans appends the alignments of 8 one-byte runes starting at root byte base.
func appendByteSpans(align []span, base int) []span {
	return append(align, span{base, base + 1}, span{base + 1, base + 2}, span{base + 2, base + 3}, span{base + 3, base + 4},
		span{base + 4, base + 5}, span{base + 5, base + 6}, span{base + 6, base + 7}, span{base + 7, base + 8})
}

// appendReplacingWord appends the 8 bytes of w, an ASCII word from root byte base on, with content in
// place of every byte c; each output byte is aligned with the input byte it comes from. The bytes are
// handled one after the other without a loop, so that only the replacements branch.
func appendReplacingWord(out []byte, align []span, w uint64, base int, c byte, content string) ([]byte, []span) {
	out, align = appendReplacingByteAt(out, align, byte(w), base, c, content)
	out, align = appendReplacingByteAt(out, align, byte(w>>8), base+1, c, content)
	out, align = appendReplacingByteAt(out, align, byte(w>>16), base+2, c, content)
	out, align = appendReplacingByteAt(out, align, byte(w>>24), base+3, c, content)
	out, align = appendReplacingByteAt(out, align, byte(w>>32), base+4, c, content)
	out, align = appendReplacingByteAt(out, align, byte(w>>40), base+5, c, content)
	out, align = appendReplacingByteAt(out, align, byte(w>>48), base+6, c, content)
	return appendReplacingByteAt(out, align, byte(w>>56), base+7, c, content)
}

// appendReplacingByteAt appends byte x from root byte at, or content in its place when x is c.
func appendReplacingByteAt(out []byte, align []span, x byte, at int, c byte, content string) ([]byte, []span) {
	return appendReplacedByte(out, align, x, span{at, at + 1}, c, content)
}

// appendReplacedByte appends byte x aligned with a, or content in its place when x is c.
func appendReplacedByte(out []byte, align []span, x byte, a span, c byte, content string) ([]byte, []span) {
	if x != c {
		return append(out, x), append(align, a)
	}
	return append(out, content...), appendN(align, a, len(content))
}

// appendRuneAligned appends the rune of the given size at s[i] and its alignment a for each of its
// bytes. Three-byte runes (most CJK) are written without a copy call or a loop.
func appendRuneAligned(out []byte, align []span, s string, i, size int, a span) ([]byte, []span) {
	if size == 3 {
		return append(out, s[i], s[i+1], s[i+2]), append(align, a, a, a)
	}
	return append(out, s[i:i+size]...), appendN(align, a, size)
}
