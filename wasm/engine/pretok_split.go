package engine

import (
	"encoding/json"
	"fmt"
)

// splitPreTokenizer splits on a string or an Oniguruma regex (HF pre_tokenizers::Split).
type splitPreTokenizer struct {
	pattern  pattern
	behavior splitBehavior
}

func newSplitPreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
	var r struct {
		Pattern struct {
			String *string `json:"String"`
			Regex  *string `json:"Regex"`
		} `json:"pattern"`
		Behavior string `json:"behavior"`
		Invert   bool   `json:"invert"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	behavior, ok := parseSplitBehavior(r.Behavior)
	if !ok {
		return nil, fmt.Errorf("engine: %s.behavior: %w %q", path, ErrUnsupported, r.Behavior)
	}
	p, err := loadPattern(r.Pattern.String, r.Pattern.Regex, path+".pattern")
	if err != nil {
		return nil, err
	}
	if r.Invert {
		p = invertPattern{p}
	}
	return &splitPreTokenizer{pattern: p, behavior: behavior}, nil
}

// loadPattern builds the pattern of a {"String": ...} or {"Regex": ...} object.
func loadPattern(str, re *string, path string) (pattern, error) {
	switch {
	case str != nil:
		return &regexPattern{re: literalFinder{*str}}, nil
	case re != nil:
		f, err := compileRegex(*re)
		if err != nil {
			return nil, fmt.Errorf("engine: %s: %w", path, err)
		}
		return &regexPattern{re: f}, nil
	}
	return nil, fmt.Errorf("engine: %s: neither String nor Regex", path)
}

func (s *splitPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(s.pattern, s.behavior, &p.scratch, dst)
	})
}
