package engine

import (
	"strings"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// bpeDecoder is HF's BPEDecoder: the end-of-word suffix becomes a space, except in the last token
// where it is removed.
type bpeDecoder struct{ suffix string }

func newBPEDecoder(raw rawJSON, path string) (decoder, error) {
	suffix := "</w>"
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "suffix" {
			readString(s, &suffix)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return bpeDecoder{suffix}, nil
}

func (d bpeDecoder) decodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	for i, tok := range tokens {
		replacement := " "
		if i == len(tokens)-1 {
			replacement = ""
		}
		out[i] = strings.ReplaceAll(tok, d.suffix, replacement)
	}
	return out, nil
}
