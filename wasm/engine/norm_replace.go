package engine

import "encoding/json"

// replaceNormalizer is HF's Replace normalizer: every match of a string or regex becomes content.
type replaceNormalizer struct {
	pattern pattern
	content string
}

func newReplaceNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	var r struct {
		Pattern struct {
			String *string `json:"String"`
			Regex  *string `json:"Regex"`
		} `json:"pattern"`
		Content string `json:"content"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	p, err := loadPattern(r.Pattern.String, r.Pattern.Regex, path+".pattern")
	if err != nil {
		return nil, err
	}
	return &replaceNormalizer{pattern: p, content: r.Content}, nil
}

func (r *replaceNormalizer) normalize(n *normalizedString) error {
	return n.replace(r.pattern, r.content)
}
