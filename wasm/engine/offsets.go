package engine

import (
	"math/bits"
	"unicode/utf8"
)

// CharOffsets converts byte offsets into text to Unicode code point offsets, as HF's Python and Node
// bindings report them. A byte inside a code point maps to that code point; an end at or past the end
// of text maps to the number of code points.
func CharOffsets(text string, offs []Offset) []Offset {
	return AppendCharOffsets(make([]Offset, 0, len(offs)), text, offs)
}

// AppendCharOffsets is CharOffsets appending to dst.
func AppendCharOffsets(dst []Offset, text string, offs []Offset) []Offset {
	if isASCII(text) {
		// Each byte is a code point (two thirds of real lines).
		return appendCharOffsetsASCII(dst, text, offs)
	}
	if !utf8.ValidString(text) {
		return appendCharOffsetsInvalid(dst, text, offs)
	}
	return appendCharOffsetsValid(dst, text, offs)
}

// AppendValidCharOffsets is AppendCharOffsets for text the caller knows is valid UTF-8, which it does not
// check again.
func AppendValidCharOffsets(dst []Offset, text string, offs []Offset) []Offset {
	dst = append(dst, offs...)
	ValidCharOffsetsInPlace(text, dst[len(dst)-len(offs):])
	return dst
}

// ValidCharOffsetsInPlace is AppendValidCharOffsets overwriting offs with the result, which saves the
// copy for a caller done with the byte offsets.
func ValidCharOffsetsInPlace(text string, offs []Offset) {
	if isASCII(text) {
		clampOffsets(offs, len(text))
		return
	}
	validCharOffsetsInPlace(text, offs)
}

// appendCharOffsetsASCII is AppendCharOffsets for ASCII text, where each byte is a code point: offsets
// need clamping only.
func appendCharOffsetsASCII(dst []Offset, text string, offs []Offset) []Offset {
	dst = append(dst, offs...)
	clampOffsets(dst[len(dst)-len(offs):], len(text))
	return dst
}

// clampOffsets keeps offsets inside a text of n bytes.
func clampOffsets(offs []Offset, n int) {
	for i, o := range offs {
		offs[i] = Offset{max(0, min(o.Start, n)), max(0, min(o.End, n))}
	}
}

// appendCharOffsetsValid is AppendCharOffsets for valid UTF-8 text.
func appendCharOffsetsValid(dst []Offset, text string, offs []Offset) []Offset {
	dst = append(dst, offs...)
	validCharOffsetsInPlace(text, dst[len(dst)-len(offs):])
	return dst
}

// validCharOffsetsInPlace converts offs, byte offsets into valid UTF-8 text, to code points.
func validCharOffsetsInPlace(text string, offs []Offset) {
	// Offsets move along the text, forward mostly and a little back where tokens share a code point, so
	// one cursor converts starts and ends in about one pass: pos is a byte position, starts the number of
	// code points that start before it. A byte inside a code point belongs to the last one started.
	// The loops count bytes without branching on them: each branch costs a jump inside wasm. A token
	// mostly starts where the one before ended, whose end is converted already, or, where byte-level
	// tokens split a code point and all cover it, where the one before started.
	pos, starts := 0, 0
	prevStart, prevStartChar, prevEnd, prevEndChar := 0, 0, 0, 0 // byte 0 is code point 0
	for i, o := range offs {
		start := prevEndChar
		switch {
		case o.Start == prevEnd:
		case o.Start == prevStart:
			start = prevStartChar
		default:
			b := max(0, min(o.Start, len(text)))
			for ; pos < b; pos++ {
				starts += runeStarts(text[pos])
			}
			for pos > b {
				pos--
				starts -= runeStarts(text[pos])
			}
			start = starts - inRune(text, b)
		}
		b := max(0, min(o.End, len(text)))
		// Forward, eight bytes at a time while they lie inside the text, the last ones masked.
		for pos < b && pos+8 <= len(text) {
			n := min(b-pos, 8)
			starts += n - bits.OnesCount64(continuationBytes(load64(text, pos))&(^uint64(0)>>(64-8*n)))
			pos += n
		}
		for ; pos < b; pos++ {
			starts += runeStarts(text[pos])
		}
		for pos > b {
			pos--
			starts -= runeStarts(text[pos])
		}
		end := starts - inRune(text, b)
		offs[i] = Offset{start, end}
		prevStart, prevStartChar, prevEnd, prevEndChar = o.Start, start, o.End, end
	}
}

// continuationBytes has the top bit set of each byte of x that continues a code point (10xxxxxx).
func continuationBytes(x uint64) uint64 { return x &^ (x << 1) & 0x8080808080808080 }

// runeStarts is 1 for a byte that starts a code point and 0 for a continuation byte (10xxxxxx).
func runeStarts(c byte) int { return int((uint32(c&0xC0^0x80) + 0xFF) >> 8) }

// inRune is 1 when byte b of valid UTF-8 text continues a code point, 0 at a code point's start or the end.
func inRune(text string, b int) int {
	if b < len(text) {
		return 1 - runeStarts(text[b])
	}
	return 0
}

// appendCharOffsetsInvalid is AppendCharOffsets for text that is not valid UTF-8, where each invalid
// byte counts as one code point, as utf8.DecodeRuneInString decodes it.
func appendCharOffsetsInvalid(dst []Offset, text string, offs []Offset) []Offset {
	// Starts and ends each grow along the text, so two cursors that only move forward convert them in
	// one pass; an offset behind its cursor (a special token's [0,0]) starts that cursor over.
	var starts, ends charCursor
	for _, o := range offs {
		dst = append(dst, Offset{starts.charAt(text, o.Start), ends.charAt(text, o.End)})
	}
	return dst
}

// charCursor counts code points up to a byte position of a text: chars code points start before pos,
// and pos is the start of one (or the end of the text).
type charCursor struct{ pos, chars int }

// charAt is the index of the code point that byte b belongs to, or the number of code points for b at
// or past the end.
func (c *charCursor) charAt(text string, b int) int {
	if b <= 0 {
		return 0
	}
	if b < c.pos {
		*c = charCursor{}
	}
	pos, chars := c.pos, c.chars
	for pos < len(text) {
		size := 1
		if text[pos] >= utf8.RuneSelf {
			_, size = utf8.DecodeRuneInString(text[pos:])
		}
		if pos+size > b {
			break // b is inside the code point at pos
		}
		pos += size
		chars++
	}
	c.pos, c.chars = pos, chars
	return chars
}
