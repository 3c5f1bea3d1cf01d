package engine

import (
	"encoding/json"
	"fmt"
)

// punctuationPreTokenizer is HF's Punctuation pre-tokenizer: split on every punctuation character
// (as BertPreTokenizer sees them), treating it as behavior says (Isolated by default).
type punctuationPreTokenizer struct{ behavior splitBehavior }

func newPunctuationPreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
	r := struct {
		Behavior string `json:"behavior"`
	}{Behavior: "Isolated"}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	behavior, ok := parseSplitBehavior(r.Behavior)
	if !ok {
		return nil, fmt.Errorf("engine: %s.behavior: %w %q", path, ErrUnsupported, r.Behavior)
	}
	return punctuationPreTokenizer{behavior}, nil
}

func (t punctuationPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(runePattern(isBertPunctuation), t.behavior, &p.scratch, dst)
	})
}
