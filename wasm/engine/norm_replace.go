package engine

import (
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// replaceNormalizer is HF's Replace normalizer: every match of a string or regex becomes content.
type replaceNormalizer struct {
	pattern pattern
	content string
	oneRune bool // content is a single rune
	// oneByte is the pattern when it is a string of one ASCII byte, which is replaced in one pass
	// without collecting matches; 0 otherwise.
	oneByte byte
	// unchanged says that content is the one-rune string the pattern matches: every replacement
	// changes neither the text nor its alignment.
	unchanged bool
	matches   []match
}

func newReplaceNormalizer(raw rawJSON, path string) (normalizer, error) {
	p, content, err := loadReplace(raw, path)
	if err != nil {
		return nil, err
	}
	r := &replaceNormalizer{pattern: p, content: content, oneRune: utf8.RuneCountInString(content) == 1}
	if re, ok := p.(*regexPattern); ok {
		if lit, ok := re.re.(literalFinder); ok {
			r.unchanged = r.oneRune && lit.needle == content
			if len(lit.needle) == 1 && lit.needle[0] < utf8.RuneSelf {
				r.oneByte = lit.needle[0]
			}
		}
	}
	return r, nil
}

// loadReplace reads the configuration HF's Replace normalizer and decoder share: a string or regex pattern
// and the content that replaces its matches.
func loadReplace(raw rawJSON, path string) (pattern, string, error) {
	var str, re *string
	var content string
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "pattern":
			readPattern(s, &str, &re)
		case "content":
			readString(s, &content)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, "", err
	}
	p, err := loadPattern(str, re, path+".pattern")
	return p, content, err
}

func (r *replaceNormalizer) normalize(n *normalizedString) error {
	switch {
	case r.unchanged:
		return nil
	case r.oneByte != 0:
		n.replaceByte(r.oneByte, r.content)
		return nil
	}
	s := n.get()
	var err error
	if r.matches, err = r.pattern.findMatches(s, r.matches[:0]); err != nil {
		return err
	}
	if r.oneRune && !r.changes(s) {
		return nil
	}
	n.replaceMatches(r.matches, r.content)
	return nil
}

// changes reports whether some match of s is not content already: most text only has matches that
// replace a space by a space, which changes neither the text nor its alignment when content is one
// rune (it takes the alignment of the match's last byte).
func (r *replaceNormalizer) changes(s string) bool {
	for _, m := range r.matches {
		if m.isMatch && s[m.start:m.end] != r.content {
			return true
		}
	}
	return false
}
