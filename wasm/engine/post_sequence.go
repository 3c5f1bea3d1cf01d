package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// postProcessorSequence runs post-processors in order (HF processors::Sequence).
type postProcessorSequence []postProcessor

func newPostProcessorSequence(raw rawJSON, path string) (postProcessor, error) {
	var r struct{ Processors []rawJSON }
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "processors" {
			readRawList(s, &r.Processors)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	seq := make(postProcessorSequence, 0, len(r.Processors))
	for i, item := range r.Processors {
		p, err := loadPostProcessor(item, fmt.Sprintf("%s.processors[%d]", path, i))
		if err != nil {
			return nil, err
		}
		seq = append(seq, p)
	}
	return seq, nil
}

func (s postProcessorSequence) addedTokens(isPair bool) int {
	n := 0
	for _, p := range s {
		n += p.addedTokens(isPair)
	}
	return n
}

func (s postProcessorSequence) keepsSingleInput() bool {
	for _, p := range s {
		if !p.keepsSingleInput() {
			return false
		}
	}
	return true
}

func (s postProcessorSequence) processEncodings(encs []*Encoding, addSpecial bool) ([]*Encoding, error) {
	var err error
	for _, p := range s {
		if encs, err = p.processEncodings(encs, addSpecial); err != nil {
			return nil, err
		}
	}
	return encs, nil
}
