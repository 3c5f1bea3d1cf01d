package jinja

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

func decodeRune(s string, i int) (rune, int) { return utf8.DecodeRuneInString(s[i:]) }

// decodeEscape decodes the backslash escape at s[i] into b and returns the index after it, following Python's
// unicode-escape codec, which Jinja2 applies to string literals.
func decodeEscape(s string, i int, b *strings.Builder) (int, error) {
	c := s[i+1]
	simple := map[byte]byte{'\n': 0, '\\': '\\', '\'': '\'', '"': '"', 'a': 7, 'b': 8, 'f': 12, 'n': '\n', 'r': '\r', 't': '\t', 'v': 11}
	if r, ok := simple[c]; ok {
		if c != '\n' { // backslash-newline is a line continuation
			b.WriteByte(r)
		}
		return i + 2, nil
	}
	hexDigits := map[byte]int{'x': 2, 'u': 4, 'U': 8}
	if n, ok := hexDigits[c]; ok {
		if i+2+n > len(s) {
			return 0, fmt.Errorf("truncated \\%c escape", c)
		}
		v, err := strconv.ParseUint(s[i+2:i+2+n], 16, 32)
		if err != nil || v > utf8.MaxRune {
			return 0, fmt.Errorf("invalid \\%c escape", c)
		}
		b.WriteRune(rune(v))
		return i + 2 + n, nil
	}
	if c >= '0' && c <= '7' {
		j := i + 1
		v := 0
		for j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7' {
			v = v*8 + int(s[j]-'0')
			j++
		}
		b.WriteRune(rune(v))
		return j, nil
	}
	b.WriteByte('\\')
	return i + 1, nil
}
