package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// splitPreTokenizer splits on a string or an Oniguruma regex (HF pre_tokenizers::Split).
type splitPreTokenizer struct {
	pattern  pattern
	behavior splitBehavior
}

func newSplitPreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	var r struct {
		str, re  *string
		behavior string
		invert   bool
	}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "pattern":
			readPattern(s, &r.str, &r.re)
		case "behavior":
			readString(s, &r.behavior)
		case "invert":
			readBool(s, &r.invert)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	behavior, ok := parseSplitBehavior(r.behavior)
	if !ok {
		return nil, fmt.Errorf("engine: %s.behavior: %w %q", path, ErrUnsupported, r.behavior)
	}
	p, err := loadPattern(r.str, r.re, path+".pattern")
	if err != nil {
		return nil, err
	}
	if r.invert {
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
