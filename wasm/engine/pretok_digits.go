package engine

import (
	"encoding/json"
	"unicode"
)

// digitsPreTokenizer splits numbers from the rest, digit by digit or in runs (HF pre_tokenizers::Digits).
type digitsPreTokenizer struct{ individual bool }

func newDigitsPreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
	var r struct {
		IndividualDigits bool `json:"individual_digits"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return digitsPreTokenizer{r.IndividualDigits}, nil
}

// isNumeric is Rust's char::is_numeric (general categories Nd, Nl, No).
func isNumeric(r rune) bool { return unicode.IsNumber(r) }

func (d digitsPreTokenizer) preTokenize(p *preTokenizedString) error {
	behavior := splitContiguous
	if d.individual {
		behavior = splitIsolated
	}
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(runePattern(isNumeric), behavior, &p.scratch, dst)
	})
}
