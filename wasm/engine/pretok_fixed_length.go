package engine

import (
	"encoding/json"
	"fmt"
)

// fixedLengthPreTokenizer is HF's FixedLength: cut every piece into chunks of length characters
// (the last one may be shorter).
type fixedLengthPreTokenizer struct{ length int }

func newFixedLengthPreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
	r := struct {
		Length int `json:"length"`
	}{Length: 5}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	if r.Length <= 0 {
		// HF panics on chunks(0).
		return nil, fmt.Errorf("engine: %s.length: must be positive, got %d", path, r.Length)
	}
	return fixedLengthPreTokenizer{r.Length}, nil
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
