package engine

import "encoding/json"

// replaceNormalizer substitutes content for every match of a string or regex (HF normalizers::Replace).
type replaceNormalizer struct {
	pattern pattern
	content string
}

// rawReplace is the JSON of Replace, shared by the normalizer and the decoder.
type rawReplace struct {
	Pattern struct {
		String *string `json:"String"`
		Regex  *string `json:"Regex"`
	} `json:"pattern"`
	Content string `json:"content"`
}

func loadReplace(raw json.RawMessage, path string) (pattern, string, error) {
	var r rawReplace
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, "", err
	}
	p, err := loadPattern(r.Pattern.String, r.Pattern.Regex, path+".pattern")
	if err != nil {
		return nil, "", err
	}
	return p, r.Content, nil
}

func newReplaceNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	p, content, err := loadReplace(raw, path)
	if err != nil {
		return nil, err
	}
	return &replaceNormalizer{pattern: p, content: content}, nil
}

func (r *replaceNormalizer) normalize(n *normalizedString) error {
	return n.replace(r.pattern, r.content)
}
