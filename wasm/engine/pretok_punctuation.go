package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// punctuationPreTokenizer is HF's Punctuation pre-tokenizer: split on every punctuation character
// (as BertPreTokenizer sees them), treating it as behavior says (Isolated by default).
type punctuationPreTokenizer struct{ behavior splitBehavior }

func newPunctuationPreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	name := "Isolated"
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "behavior" {
			readString(s, &name)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	behavior, ok := parseSplitBehavior(name)
	if !ok {
		return nil, fmt.Errorf("engine: %s.behavior: %w %q", path, ErrUnsupported, name)
	}
	return punctuationPreTokenizer{behavior}, nil
}

func (t punctuationPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(runePattern(isBertPunctuation), t.behavior, &p.scratch, dst)
	})
}
