package engine

import (
	"encoding/json"
	"unicode"
)

// stripNormalizer is HF's Strip normalizer: it removes leading and/or trailing white space.
type stripNormalizer struct{ left, right bool }

func newStripNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	var r struct {
		StripLeft  bool `json:"strip_left"`
		StripRight bool `json:"strip_right"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return stripNormalizer{left: r.StripLeft, right: r.StripRight}, nil
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
