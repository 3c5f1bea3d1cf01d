package engine

import "encoding/json"

// prependNormalizer puts a fixed string before every non-empty piece (HF normalizers::Prepend).
type prependNormalizer struct{ prefix string }

func newPrependNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	var r struct {
		Prepend string `json:"prepend"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return prependNormalizer{r.Prepend}, nil
}

func (p prependNormalizer) normalize(n *normalizedString) error {
	if !n.isEmpty() {
		n.prepend(p.prefix)
	}
	return nil
}
