package engine

import "strings"

// replaceDecoder substitutes content for every match of a pattern in each token (HF decoders Replace).
type replaceDecoder struct {
	pattern pattern
	content string
	found   []match
}

func newReplaceDecoder(raw rawJSON, path string) (decoder, error) {
	p, content, err := loadReplace(raw, path)
	if err != nil {
		return nil, err
	}
	return &replaceDecoder{pattern: p, content: content}, nil
}

func (d *replaceDecoder) decodeChain(tokens []string) ([]string, error) {
	var sb strings.Builder
	for i, tok := range tokens {
		found, err := d.pattern.findMatches(tok, d.found[:0])
		if err != nil {
			return nil, err
		}
		d.found = found
		sb.Reset()
		for _, m := range found {
			if m.isMatch {
				sb.WriteString(d.content)
			} else {
				sb.WriteString(tok[m.start:m.end])
			}
		}
		tokens[i] = sb.String()
	}
	return tokens, nil
}
