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

// Classes of characters for splitBertWords.
const (
	bertWord  = 'w'
	bertSpace = 's'
	bertPunct = 'p'
)

// bertASCIIClass is the class of each ASCII character: white space as unicode.IsSpace has it (\t \n
// \v \f \r and space) and punctuation as Rust's is_ascii_punctuation (every printable character that
// is neither a letter, a digit nor space). A constant string costs no allocation and no init.
const bertASCIIClass = "" +
	"wwwwwwwwwsssssww" + "wwwwwwwwwwwwwwww" + // 0x00-0x1F
	"sppppppppppppppp" + "wwwwwwwwwwpppppp" + // 0x20-0x3F
	"pwwwwwwwwwwwwwww" + "wwwwwwwwwwwppppp" + // 0x40-0x5F
	"pwwwwwwwwwwwwwww" + "wwwwwwwwwwwppppw" // 0x60-0x7F

// splitBertWords appends the runs of n between white space and punctuation, and each punctuation
// character on its own.
func splitBertWords(n *normalizedString, dst []split) []split {
	s := n.get()
	for i := 0; ; {
		start, end := nextBertPiece(s, i)
		if start == end {
			return dst
		}
		dst = append(dst, split{norm: bertPiece(n, start, end)})
		i = end
	}
}

// nextBertPiece finds the first piece of s from byte i on: a run of characters that are neither white
// space nor punctuation, or one punctuation character. start == end == len(s) when there is none. It
// is one loop over the bytes: inside wasm, a call per character costs more than the classification.
func nextBertPiece(s string, i int) (start, end int) {
	word := -1 // start of the current run, -1 for none
	for i < len(s) {
		c, size := s[i], 1
		class := byte(bertWord)
		if c < utf8.RuneSelf {
			class = bertASCIIClass[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			class = bertRuneClass(r)
		}
		if class == bertWord {
			if word < 0 {
				word = i
			}
			i += size
			continue
		}
		if word >= 0 {
			return word, i
		}
		if class == bertPunct {
			return i, i + size
		}
		i += size
	}
	if word >= 0 {
		return word, len(s)
	}
	return len(s), len(s)
}

// bertPiece is n.slice(span{start, end}) for a range known to fall on rune boundaries inside n, written
// out so that it inlines: the call and the checks of slice were half the cost of the pre-tokenizer in
// wasm, with a piece per word and per punctuation mark.
func bertPiece(n *normalizedString, start, end int) normalizedString {
	if n.identity {
		return normalizedString{original: n.original[start:end], normalized: n.normalized[start:end], shift: n.shift + start, identity: true}
	}
	from, to := n.align[start].start-n.shift, n.align[end-1].end-n.shift
	original := ""
	if from >= 0 && to <= len(n.original) && from <= to {
		original = n.original[from:to]
	}
	return normalizedString{original: original, normalized: n.normalized[start:end], align: n.align[start:end:end], shift: n.shift + from}
}

// bertRuneClass classifies a non-ASCII rune. Letters of the common scripts below hold neither white
// space nor punctuation (TestBertRuneClassShortcut checks it), which saves the table searches.
func bertRuneClass(r rune) byte {
	switch {
	case r >= 0xC0 && r < 0x37E, // Latin-1 letters to Greek
		r >= 0x3400 && r < 0x4DC0, r >= 0x4E00 && r < 0xA000, // CJK ideographs
		r >= 0xAC00 && r < 0xD7A4: // Hangul syllables
		return bertWord
	case isWhitespace(r):
		return bertSpace
	case unicode.Is(unicode8Punctuation, r):
		return bertPunct
	}
	return bertWord
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
