package engine

import (
	"unicode"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// stripNormalizer is HF's Strip normalizer: it removes leading and/or trailing white space.
type stripNormalizer struct{ left, right bool }

func newStripNormalizer(raw rawJSON, path string) (normalizer, error) {
	var n stripNormalizer
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "strip_left":
			readBool(s, &n.left)
		case "strip_right":
			readBool(s, &n.right)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

func (s stripNormalizer) normalize(n *normalizedString) error {
	n.lrstrip(s.left, s.right)
	return nil
}

// stripAccentsNormalizer is HF's StripAccents: it removes combining marks (General_Category M of
// Unicode 9.0).
type stripAccentsNormalizer struct{}

func (stripAccentsNormalizer) normalize(n *normalizedString) error {
	if containsRune(n.get(), isCombiningMark) {
		n.filter(func(r rune) bool { return !isCombiningMark(r) })
	}
	return nil
}

func isCombiningMark(r rune) bool { return r >= 0x300 && unicode.Is(unicode9Mark, r) }
