package engine

import "github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"

// prependNormalizer puts a fixed string before every non-empty piece (HF normalizers::Prepend).
type prependNormalizer struct{ prefix string }

func newPrependNormalizer(raw rawJSON, path string) (normalizer, error) {
	var prepend string
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "prepend" {
			readString(s, &prepend)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return prependNormalizer{prepend}, nil
}

func (p prependNormalizer) normalize(n *normalizedString) error {
	if !n.isEmpty() {
		n.prepend(p.prefix)
	}
	return nil
}
