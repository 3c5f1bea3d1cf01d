package engine

import (
	"strings"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// wordPieceDecoder is HF's WordPiece decoder: a token with the prefix joins the previous one, any
// other token after the first gets a space; cleanup removes tokenization artifacts.
type wordPieceDecoder struct {
	prefix  string
	cleanup bool
}

func newWordPieceDecoder(raw rawJSON, path string) (decoder, error) {
	r := struct {
		Prefix  string
		Cleanup bool
	}{Prefix: "##", Cleanup: true}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "prefix":
			readString(s, &r.Prefix)
		case "cleanup":
			readBool(s, &r.Cleanup)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return wordPieceDecoder{prefix: r.Prefix, cleanup: r.Cleanup}, nil
}

func (d wordPieceDecoder) decodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	for i, tok := range tokens {
		if i > 0 {
			if rest, ok := strings.CutPrefix(tok, d.prefix); ok {
				tok = rest
			} else {
				tok = " " + tok
			}
		}
		if d.cleanup {
			tok = cleanupTokenization(tok)
		}
		out[i] = tok
	}
	return out, nil
}

// cleanupPairs are HF's decoders::wordpiece::cleanup replacements, applied one after the other (a
// single-pass replacer differs: " ' " -> "'" can create " 's").
var cleanupPairs = [...][2]string{
	{" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"}, {" 'm", "'m"},
	{" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
}

// cleanupTokenization removes spaces before punctuation and English contractions.
func cleanupTokenization(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	for _, p := range cleanupPairs {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}
