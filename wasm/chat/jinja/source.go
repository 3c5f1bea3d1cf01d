package jinja

import "strings"

// normalizeSource does what Jinja2's lexer does to a template source before tokenizing: every line break that
// Python's str.splitlines recognises becomes "\n", and a single trailing line break is dropped
// (keep_trailing_newline=False).
func normalizeSource(src string) string {
	if !strings.ContainsAny(src, "\r\v\f\x1c\x1d\x1e\u0085\u2028\u2029") {
		return strings.TrimSuffix(src, "\n")
	}
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); {
		r, size := decodeRune(src, i)
		switch r {
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				size = 2
			}
			b.WriteByte('\n')
		case '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			b.WriteByte('\n')
		default:
			b.WriteString(src[i : i+size])
		}
		i += size
	}
	return strings.TrimSuffix(b.String(), "\n")
}
