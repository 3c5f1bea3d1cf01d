package engine

import "strings"

// fuseDecoder joins all tokens into one (HF decoders::Fuse).
type fuseDecoder struct{}

func (fuseDecoder) decodeChain(tokens []string) ([]string, error) {
	return []string{strings.Join(tokens, "")}, nil
}
