package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// normalizerSequence runs normalizers in order (HF normalizers::Sequence).
type normalizerSequence []normalizer

func newNormalizerSequence(raw rawJSON, path string) (normalizer, error) {
	var r struct{ Normalizers []rawJSON }
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "normalizers" {
			readRawList(s, &r.Normalizers)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	seq := make(normalizerSequence, 0, len(r.Normalizers))
	for i, item := range r.Normalizers {
		n, err := loadNormalizer(item, fmt.Sprintf("%s.normalizers[%d]", path, i))
		if err != nil {
			return nil, err
		}
		seq = append(seq, n)
	}
	if seq = fusePrependReplace(seq); len(seq) == 1 {
		return seq[0], nil // one normalizer: no loop around it
	}
	return seq, nil
}

func (s normalizerSequence) normalize(n *normalizedString) error {
	for _, x := range s {
		if err := x.normalize(n); err != nil {
			return err
		}
	}
	return nil
}
