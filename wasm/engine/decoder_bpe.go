package engine

import (
	"encoding/json"
	"strings"
)

// bpeDecoder is HF's BPEDecoder: the end-of-word suffix becomes a space, except in the last token
// where it is removed.
type bpeDecoder struct{ suffix string }

func newBPEDecoder(raw json.RawMessage, path string) (decoder, error) {
	r := struct {
		Suffix string `json:"suffix"`
	}{Suffix: "</w>"}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return bpeDecoder{r.Suffix}, nil
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
