package engine

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// prependScheme says when Metaspace puts its replacement before a piece.
type prependScheme int

const (
	prependAlways prependScheme = iota // every piece
	prependFirst                       // only the piece that starts the input
	prependNever
)

// metaspace is HF's Metaspace: spaces become the replacement rune (▁), which is prepended as the
// scheme says, and pieces are split before each replacement. It is both a pre-tokenizer and a decoder.
type metaspace struct {
	replacement rune
	repl        string
	scheme      prependScheme
	split       bool
}

// newMetaspace reads the current fields (prepend_scheme, split) and the legacy ones (add_prefix_space,
// str_rep) as HF does: add_prefix_space=false requires prepend_scheme "never", which then also
// becomes the default; str_rep is ignored.
func newMetaspace(raw rawJSON, path string) (*metaspace, error) {
	var r struct {
		Replacement, PrependScheme *string
		AddPrefixSpace, Split      *bool
	}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "replacement":
			readOptString(s, &r.Replacement)
		case "add_prefix_space":
			readOptBool(s, &r.AddPrefixSpace)
		case "prepend_scheme":
			readOptString(s, &r.PrependScheme)
		case "split":
			readOptBool(s, &r.Split)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if r.Replacement == nil {
		return nil, fmt.Errorf("engine: %s: missing replacement", path)
	}
	c, size := utf8.DecodeRuneInString(*r.Replacement)
	if size == 0 || size != len(*r.Replacement) {
		return nil, fmt.Errorf("engine: %s.replacement: %q is not one character", path, *r.Replacement)
	}
	m := &metaspace{replacement: c, repl: *r.Replacement, scheme: prependAlways, split: true}
	if r.PrependScheme != nil {
		switch *r.PrependScheme {
		case "always":
		case "first":
			m.scheme = prependFirst
		case "never":
			m.scheme = prependNever
		default:
			return nil, fmt.Errorf("engine: %s.prepend_scheme: %w %q", path, ErrUnsupported, *r.PrependScheme)
		}
	}
	if r.AddPrefixSpace != nil && !*r.AddPrefixSpace {
		// HF's default scheme is "always", so a legacy file with add_prefix_space=false and no
		// prepend_scheme is rejected too.
		if m.scheme != prependNever {
			return nil, fmt.Errorf("engine: %s: add_prefix_space does not match declared prepend_scheme", path)
		}
	}
	if r.Split != nil {
		m.split = *r.Split
	}
	return m, nil
}

func newMetaspacePreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	return newMetaspace(raw, path)
}

func newMetaspaceDecoder(raw rawJSON, path string) (decoder, error) {
	return newMetaspace(raw, path)
}

var spacePattern = &regexPattern{re: literalFinder{" "}}

func (m *metaspace) preTokenize(p *preTokenizedString) error {
	replacement := runePattern(func(r rune) bool { return r == m.replacement })
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		if strings.IndexByte(n.get(), ' ') >= 0 {
			if err := n.replace(spacePattern, m.repl); err != nil {
				return nil, err
			}
		}
		switch m.scheme {
		case prependAlways:
			if !strings.HasPrefix(n.get(), m.repl) {
				n.prepend(m.repl)
			}
		case prependFirst:
			if !strings.HasPrefix(n.get(), m.repl) && n.offsetsOriginal().start == 0 {
				n.prepend(m.repl)
			}
		}
		if !m.split {
			return append(dst, split{norm: *n}), nil
		}
		return n.splitBy(replacement, splitMergedWithNext, &p.scratch, dst)
	})
}

// decodeChain turns every replacement rune into a space, except at the start of the first token when
// the encoder prepends one.
func (m *metaspace) decodeChain(tokens []string) ([]string, error) {
	var sb strings.Builder
	for i, tok := range tokens {
		if strings.IndexRune(tok, m.replacement) < 0 {
			continue
		}
		sb.Reset()
		for _, c := range tok {
			switch {
			case c != m.replacement:
				sb.WriteRune(c)
			case i == 0 && m.scheme != prependNever:
			default:
				sb.WriteByte(' ')
			}
		}
		tokens[i] = sb.String()
	}
	return tokens, nil
}
