package engine

import (
	"unicode"
	"unicode/utf8"
)

// lowercaseNormalizer is HF's Lowercase normalizer.
type lowercaseNormalizer struct{ runes *runeMap }

func newLowercaseNormalizer() lowercaseNormalizer {
	return lowercaseNormalizer{newRuneMap(lowercaseRune)}
}

func (l lowercaseNormalizer) normalize(n *normalizedString) error {
	n.rewriteRunes(l.runes, false)
	return nil
}

// capitalIWithDot is the one rune whose lowercase (Rust's char::to_lowercase) is two runes: i and
// U+0307 COMBINING DOT ABOVE.
const capitalIWithDot = 'İ'

// lowercaseRune is HF's NormalizedString::lowercase one rune at a time: every rune is lowercased on
// its own (so a final sigma becomes σ, never ς); the extra rune of İ is aligned with it.
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
