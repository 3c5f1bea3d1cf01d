package engine

import (
	"encoding/json"
	"strings"
)

// ctcDecoder is HF's CTC decoder: repeated tokens collapse into one, the pad token disappears and,
// with cleanup, the word delimiter becomes a space after the WordPiece cleanup.
type ctcDecoder struct {
	padToken      string
	wordDelimiter string
	cleanup       bool
}

func newCTCDecoder(raw json.RawMessage, path string) (decoder, error) {
	r := struct {
		PadToken           string `json:"pad_token"`
		WordDelimiterToken string `json:"word_delimiter_token"`
		Cleanup            bool   `json:"cleanup"`
	}{PadToken: "<pad>", WordDelimiterToken: "|", Cleanup: true}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return ctcDecoder{padToken: r.PadToken, wordDelimiter: r.WordDelimiterToken, cleanup: r.Cleanup}, nil
}

func (d ctcDecoder) decodeChain(tokens []string) ([]string, error) {
	out := make([]string, 0, len(tokens))
	for i, tok := range tokens {
		if i > 0 && tok == tokens[i-1] {
			continue
		}
		tok = strings.ReplaceAll(tok, d.padToken, "")
		if d.cleanup {
			tok = strings.ReplaceAll(cleanupTokenization(tok), d.wordDelimiter, " ")
		}
		if tok != "" {
			out = append(out, tok)
		}
	}
	return out, nil
}
