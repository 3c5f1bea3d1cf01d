package engine

import (
	"unicode"
	"unicode/utf8"
)

// lowercaseNormalizer is HF's Lowercase normalizer.
type lowercaseNormalizer struct{}

func (lowercaseNormalizer) normalize(n *normalizedString) error {
	lowercase(n)
	return nil
}

// capitalIWithDot is the one rune whose lowercase (Rust's char::to_lowercase) is two runes: i and
// U+0307 COMBINING DOT ABOVE.
const capitalIWithDot = 'İ'

// lowercase is HF's NormalizedString::lowercase: every rune is lowercased on its own (so a final
// sigma becomes σ, never ς); the extra rune of İ is aligned with it.
func lowercase(n *normalizedString) {
	if !hasUpper(n.get()) {
		return
	}
	n.rewriteRunes(lowercaseRune)
}

func lowercaseRune(r rune, out *[3]rune) int {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
	case r == capitalIWithDot:
		out[0], out[1] = 'i', 0x307
		return 2
	default:
		r = unicode.ToLower(r)
	}
	out[0] = r
	return 1
}

// hasUpper reports whether lowercasing changes s.
func hasUpper(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == capitalIWithDot || unicode.ToLower(r) != r {
			return true
		}
		i += size
	}
	return false
}
