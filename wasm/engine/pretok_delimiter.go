package engine

import (
	"fmt"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// charDelimiterSplit is HF's CharDelimiterSplit: split on one character, which is removed.
type charDelimiterSplit struct{ delimiter rune }

func newCharDelimiterSplit(raw rawJSON, path string) (preTokenizer, error) {
	var delimiter string
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "delimiter" {
			readString(s, &delimiter)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(delimiter) != 1 {
		return nil, fmt.Errorf("engine: %s.delimiter: %q is not one character", path, delimiter)
	}
	d, _ := utf8.DecodeRuneInString(delimiter)
	return charDelimiterSplit{d}, nil
}

func (c charDelimiterSplit) preTokenize(p *preTokenizedString) error {
	isDelimiter := runePattern(func(r rune) bool { return r == c.delimiter })
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(isDelimiter, splitRemoved, &p.scratch, dst)
	})
}
