package engine

import "unicode/utf8"

// CharOffsets converts byte offsets into text to Unicode code point offsets, as HF's Python and Node
// bindings report them. A byte inside a code point maps to that code point; an end at or past the end
// of text maps to the number of code points.
func CharOffsets(text string, offs []Offset) []Offset {
	// charAt[b] is the index of the code point that byte b belongs to.
	charAt := make([]int, len(text)+1)
	n := 0
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for k := 0; k < size; k++ {
			charAt[i+k] = n
		}
		i += size
		n++
	}
	charAt[len(text)] = n
	conv := func(b int) int {
		if b < 0 {
			return 0
		}
		if b > len(text) {
			return n
		}
		return charAt[b]
	}
	out := make([]Offset, len(offs))
	for i, o := range offs {
		out[i] = Offset{conv(o.Start), conv(o.End)}
	}
	return out
}
