package engine

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// charDelimiterSplit is HF's CharDelimiterSplit: split on one character, which is removed.
type charDelimiterSplit struct{ delimiter rune }

func newCharDelimiterSplit(raw json.RawMessage, path string) (preTokenizer, error) {
	var r struct {
		Delimiter string `json:"delimiter"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(r.Delimiter) != 1 {
		return nil, fmt.Errorf("engine: %s.delimiter: %q is not one character", path, r.Delimiter)
	}
	d, _ := utf8.DecodeRuneInString(r.Delimiter)
	return charDelimiterSplit{d}, nil
}

func (c charDelimiterSplit) preTokenize(p *preTokenizedString) error {
	isDelimiter := runePattern(func(r rune) bool { return r == c.delimiter })
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(isDelimiter, splitRemoved, &p.scratch, dst)
	})
}
