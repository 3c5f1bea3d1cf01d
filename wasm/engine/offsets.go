package engine

import "unicode/utf8"

// CharOffsets converts byte offsets into text to Unicode code point offsets, as HF's Python and Node
// bindings report them. A byte inside a code point maps to that code point; an end at or past the end
// of text maps to the number of code points.
func CharOffsets(text string, offs []Offset) []Offset {
	return AppendCharOffsets(make([]Offset, 0, len(offs)), text, offs)
}

// AppendCharOffsets is CharOffsets appending to dst.
func AppendCharOffsets(dst []Offset, text string, offs []Offset) []Offset {
	if !utf8.ValidString(text) {
		return appendCharOffsetsInvalid(dst, text, offs)
	}
	var c validCharCursor
	for _, o := range offs {
		// Most tokens start where the previous one ended, where the cursor already is.
		start := c.chars
		if o.Start != c.pos {
			start = c.charAt(text, o.Start)
		}
		end := c.chars
		if o.End != c.pos {
			end = c.charAt(text, o.End)
		}
		dst = append(dst, Offset{start, end})
	}
	return dst
}

// validCharCursor is charCursor for valid UTF-8, where it can also walk back. Offsets move along the
// text, forward mostly and a little back where tokens share a code point, so one cursor converts starts
// and ends in about one pass. A code point's length is given by its first byte, and its start is the
// first byte before it that is not a continuation byte.
type validCharCursor struct{ pos, chars int }

func (c *validCharCursor) charAt(text string, b int) int {
	b = max(0, min(b, len(text)))
	pos, chars := c.pos, c.chars
	for pos < b {
		size := 1
		switch lead := text[pos]; {
		case lead >= 0xF0:
			size = 4
		case lead >= 0xE0:
			size = 3
		case lead >= 0xC0:
			size = 2
		}
		if pos+size > b {
			break // b is inside the code point at pos
		}
		pos += size
		chars++
	}
	for pos > b {
		pos--
		for text[pos]&0xC0 == 0x80 {
			pos--
		}
		chars--
	}
	c.pos, c.chars = pos, chars
	return chars
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
