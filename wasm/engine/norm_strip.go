package engine

import "encoding/json"

// stripNormalizer removes leading and/or trailing white space (HF normalizers::Strip).
type stripNormalizer struct{ left, right bool }

func newStripNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	var r struct {
		StripLeft  bool `json:"strip_left"`
		StripRight bool `json:"strip_right"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return stripNormalizer{r.StripLeft, r.StripRight}, nil
}

func (s stripNormalizer) normalize(n *normalizedString) error {
	n.lrstrip(s.left, s.right)
	return nil
}
