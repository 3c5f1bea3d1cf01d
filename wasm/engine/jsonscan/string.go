package jsonscan

import (
	"unicode/utf16"
	"unicode/utf8"
)

// plainByte marks the bytes that stand for themselves inside a string: all but the quote, the backslash
// and control bytes. Non-ASCII bytes are plain because New has validated the UTF-8 of the whole input.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// String reads a string and returns its unescaped bytes, which are valid until the next call on the
// scanner. It returns nil after an error.
func (s *Scanner) String() []byte {
	if s.err != nil {
		return nil
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		s.syntax("expected a string")
		return nil
	}
	start := s.pos + 1
	i, escaped := s.scanString(start)
	if s.err != nil {
		return nil
	}
	s.pos = i + 1
	if !escaped {
		return s.data[start:i]
	}
	s.buf = unescape(s.buf[:0], s.data[start:i])
	return s.buf
}

// scanString validates the string body starting at i and returns the index of its closing quote and
// whether it holds escapes.
func (s *Scanner) scanString(i int) (end int, escaped bool) {
	data := s.data
	for i < len(data) {
		if i+8 <= len(data) {
			n := firstNotPlain(load8(data, i))
			if i += n; n == 8 {
				continue
			}
		}
		switch c := data[i]; {
		case plainByte[c]:
			i++
		case c == '"':
			return i, escaped
		case c == '\\':
			n := s.checkEscape(i)
			if n == 0 {
				return i, escaped
			}
			i += n
			escaped = true
		default:
			s.pos = i
			s.syntax("control character in string")
			return i, escaped
		}
	}
	s.pos = i
	s.syntax("unterminated string")
	return i, escaped
}

// checkEscape validates the escape at i and returns its length, or 0 after recording an error.
func (s *Scanner) checkEscape(i int) int {
	data := s.data
	if i+1 >= len(data) {
		s.pos = i
		s.syntax("unterminated string")
		return 0
	}
	switch data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
	default:
		s.pos = i
		s.syntax("invalid escape")
		return 0
	}
	r, ok := hex4(data, i+2)
	if !ok {
		s.pos = i
		s.syntax("invalid \\u escape")
		return 0
	}
	switch {
	case utf16.IsSurrogate(r) && r < 0xDC00:
		low, ok := hex4(data, i+8)
		if !ok || data[i+6] != '\\' || data[i+7] != 'u' || low < 0xDC00 || low > 0xDFFF {
			s.pos = i
			s.syntax("lone leading surrogate in \\u escape")
			return 0
		}
		return 12
	case utf16.IsSurrogate(r):
		s.pos = i
		s.syntax("lone trailing surrogate in \\u escape")
		return 0
	}
	return 6
}

// hex4 reads the four hex digits at data[i:]; ok is false when they are not there.
func hex4(data []byte, i int) (r rune, ok bool) {
	if i+4 > len(data) {
		return 0, false
	}
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// unescape appends the decoded form of a string body that scanString has validated.
func unescape(dst, body []byte) []byte {
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		switch body[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, _ := hex4(body, i+2)
			if utf16.IsSurrogate(r) {
				low, _ := hex4(body, i+8)
				dst = utf8.AppendRune(dst, utf16.DecodeRune(r, low))
				i += 12
				continue
			}
			dst = utf8.AppendRune(dst, r)
			i += 6
			continue
		default: // '"', '\\', '/'
			dst = append(dst, body[i+1])
		}
		i += 2
	}
	return dst
}
