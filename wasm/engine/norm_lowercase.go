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
// sigma becomes σ, never ς); extra runes of a lowercase are insertions.
func lowercase(n *normalizedString) {
	s := n.get()
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == capitalIWithDot || unicode.ToLower(r) != r {
			break
		}
		i += size
	}
	if i == len(s) {
		return
	}
	// Only the part from the first rune that changes is rewritten.
	dest := make([]runeChange, 0, len(s)-i+1)
	for _, r := range s[i:] {
		if r == capitalIWithDot {
			dest = append(dest, runeChange{'i', 0}, runeChange{0x307, 1})
			continue
		}
		dest = append(dest, runeChange{unicode.ToLower(r), 0})
	}
	n.transformRange(i, len(s), dest, 0)
}
