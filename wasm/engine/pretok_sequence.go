package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// preTokenizerSequence runs pre-tokenizers in order (HF pre_tokenizers::Sequence).
type preTokenizerSequence []preTokenizer

func newPreTokenizerSequence(raw rawJSON, path string) (preTokenizer, error) {
	var r struct{ PreTokenizers []rawJSON }
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "pretokenizers" {
			readRawList(s, &r.PreTokenizers)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	seq := make(preTokenizerSequence, 0, len(r.PreTokenizers))
	for i, item := range r.PreTokenizers {
		p, err := loadPreTokenizer(item, fmt.Sprintf("%s.pretokenizers[%d]", path, i))
		if err != nil {
			return nil, err
		}
		seq = append(seq, p)
	}
	return seq, nil
}

func (s preTokenizerSequence) preTokenize(p *preTokenizedString) error {
	for _, x := range s {
		if err := x.preTokenize(p); err != nil {
			return err
		}
	}
	return nil
}
