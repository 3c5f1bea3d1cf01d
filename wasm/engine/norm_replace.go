package engine

import (
	"encoding/json"
	"unicode/utf8"
)

// replaceNormalizer is HF's Replace normalizer: every match of a string or regex becomes content.
type replaceNormalizer struct {
	pattern pattern
	content string
	// oneRune says content is a single rune: replacing a match that is exactly content then changes
	// neither the text nor its alignment (the rune takes the alignment of the match's last byte).
	oneRune bool
	matches []match
}

func newReplaceNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	p, content, err := loadReplace(raw, path)
	if err != nil {
		return nil, err
	}
	return &replaceNormalizer{pattern: p, content: content, oneRune: utf8.RuneCountInString(content) == 1}, nil
}

// loadReplace reads the configuration HF's Replace normalizer and decoder share: a string or regex pattern
// and the content that replaces its matches.
func loadReplace(raw json.RawMessage, path string) (pattern, string, error) {
	var r struct {
		Pattern struct {
			String *string `json:"String"`
			Regex  *string `json:"Regex"`
		} `json:"pattern"`
		Content string `json:"content"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, "", err
	}
	p, err := loadPattern(r.Pattern.String, r.Pattern.Regex, path+".pattern")
	return p, r.Content, err
}

func (r *replaceNormalizer) normalize(n *normalizedString) error {
	if r.oneRune {
		// Most text only has matches that replace a space by a space: leave it untouched.
		s := n.get()
		var err error
		if r.matches, err = r.pattern.findMatches(s, r.matches[:0]); err != nil {
			return err
		}
		changes := false
		for _, m := range r.matches {
			if m.isMatch && s[m.start:m.end] != r.content {
				changes = true
				break
			}
		}
		if !changes {
			return nil
		}
	}
	return n.replace(r.pattern, r.content)
}
