package engine

import (
	"unicode"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// digitsPreTokenizer splits numbers from the rest, digit by digit or in runs (HF pre_tokenizers::Digits).
type digitsPreTokenizer struct{ individual bool }

func newDigitsPreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	var individual bool
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "individual_digits" {
			readBool(s, &individual)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return digitsPreTokenizer{individual}, nil
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
