package engine

import (
	"unicode"
	"unicode/utf8"
)

// bertPreTokenizer is HF's BertPreTokenizer: split on white space (removed), then isolate every
// punctuation character. Both splits are done in one pass, which gives the same pieces.
type bertPreTokenizer struct{}

func (bertPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return splitBertWords(n, dst), nil
	})
}

// splitBertWords appends the runs of n between white space and punctuation, and each punctuation
// character on its own.
func splitBertWords(n *normalizedString, dst []split) []split {
	s := n.get()
	word := -1 // start of the current run, -1 for none
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		space, punct := isWhitespace(r), isBertPunctuation(r)
		if space || punct {
			if word >= 0 {
				dst = appendSlice(dst, n, span{word, i})
				word = -1
			}
			if punct {
				dst = appendSlice(dst, n, span{i, i + size})
			}
		} else if word < 0 {
			word = i
		}
		i += size
	}
	if word >= 0 {
		dst = appendSlice(dst, n, span{word, len(s)})
	}
	return dst
}

// isBertPunctuation is HF's is_bert_punc and is_punc: ASCII punctuation (which includes symbols such
// as $, + and ^) or Unicode 8.0 punctuation.
func isBertPunctuation(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIPunctuation(r)
	}
	return unicode.Is(unicode8Punctuation, r)
}

// isASCIIPunctuation is Rust's char::is_ascii_punctuation: the printable ASCII characters that are
// neither letters, digits nor space.
func isASCIIPunctuation(r rune) bool {
	return (r >= '!' && r <= '/') || (r >= ':' && r <= '@') || (r >= '[' && r <= '`') || (r >= '{' && r <= '~')
}
