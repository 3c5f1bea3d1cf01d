package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// decoderSequence chains decoders, each taking the pieces of the previous one (HF decoders::Sequence).
type decoderSequence []decoder

func newDecoderSequence(raw rawJSON, path string) (decoder, error) {
	var r struct{ Decoders []rawJSON }
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "decoders" {
			readRawList(s, &r.Decoders)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	seq := make(decoderSequence, 0, len(r.Decoders))
	for i, item := range r.Decoders {
		d, err := loadDecoder(item, fmt.Sprintf("%s.decoders[%d]", path, i))
		if err != nil {
			return nil, err
		}
		seq = append(seq, d)
	}
	return seq, nil
}

func (s decoderSequence) decodeChain(tokens []string) ([]string, error) {
	var err error
	for _, d := range s {
		if tokens, err = d.decodeChain(tokens); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}
