package engine

import (
	"strings"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// ctcDecoder is HF's CTC decoder: repeated tokens collapse into one, the pad token disappears and,
// with cleanup, the word delimiter becomes a space after the WordPiece cleanup.
type ctcDecoder struct {
	padToken      string
	wordDelimiter string
	cleanup       bool
}

func newCTCDecoder(raw rawJSON, path string) (decoder, error) {
	d := ctcDecoder{padToken: "<pad>", wordDelimiter: "|", cleanup: true}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "pad_token":
			readString(s, &d.padToken)
		case "word_delimiter_token":
			readString(s, &d.wordDelimiter)
		case "cleanup":
			readBool(s, &d.cleanup)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return d, nil
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
