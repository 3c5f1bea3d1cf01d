package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// fixedLengthPreTokenizer is HF's FixedLength: cut every piece into chunks of length characters
// (the last one may be shorter).
type fixedLengthPreTokenizer struct{ length int }

func newFixedLengthPreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	length := 5
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "length" {
			readInt(s, &length) // a negative length is refused by the scanner
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if length == 0 {
		// HF panics on chunks(0).
		return nil, fmt.Errorf("engine: %s.length: must be positive, got 0", path)
	}
	return fixedLengthPreTokenizer{length}, nil
}

func (f fixedLengthPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		s := n.get()
		start, count := 0, 0
		for i := range s {
			if count == f.length {
				dst = appendSlice(dst, n, span{start, i})
				start, count = i, 0
			}
			count++
		}
		if start < len(s) {
			dst = appendSlice(dst, n, span{start, len(s)})
		}
		return dst, nil
	})
}
