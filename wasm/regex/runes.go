package regex

import (
	"unicode"
	"unicode/utf8"
)

// decode returns the character at s[i] and its width. Invalid UTF-8 decodes as U+FFFD of width 1, the way Go
// ranges over strings; Rust's &str (tokenizers' input) is always valid, so this only matters for fuzzing.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// charLen is the width of the character at s[i], or 1 at the end of s (onig's find_iter steps past the end
// by one byte so that its loop stops).
func charLen(s string, i int) int {
	if i >= len(s) || s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// decodeLast returns the character that ends at s[:i] and its width.
func decodeLast(s string, i int) (rune, int) {
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

// isLetter is \p{L}.
func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return uint32(r|0x20)-'a' < 26
	}
	return unicode.IsLetter(r)
}

// isNumber is \p{N}.
func isNumber(r rune) bool {
	if r < utf8.RuneSelf {
		return uint32(r)-'0' < 10
	}
	return unicode.IsNumber(r)
}

// isSpace is Oniguruma's \s for Unicode encodings: the White_Space property (\t \n \v \f \r, space, U+0085,
// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), which is what unicode.IsSpace tests.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || uint32(r)-'\t' < 5
	}
	return unicode.IsSpace(r)
}

// isMark is \p{M}.
func isMark(r rune) bool {
	return r >= 0x300 && unicode.Is(unicode.M, r)
}

// isCRLF is [\r\n].
func isCRLF(r rune) bool { return r == '\r' || r == '\n' }

// isWordChar is \w (see wordSet) for \b and \B.
func isWordChar(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == '_' || uint32(r|0x20)-'a' < 26 || uint32(r)-'0' < 10
	case r <= 0xff:
		return r == 0xb2 || r == 0xb3 || r == 0xb9 || r >= 0xbc && r <= 0xbe || unicode.IsLetter(r)
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.In(r, unicode.Nd, unicode.Pc, unicode.Nl,
		unicode.Other_Alphabetic)
}
