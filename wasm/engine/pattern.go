package engine

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

var errBadSplit = errors.New("engine: split outside rune boundaries")

// splitBehavior says what a split does with its delimiters (HF SplitDelimiterBehavior).
type splitBehavior int

const (
	splitRemoved splitBehavior = iota
	splitIsolated
	splitMergedWithPrevious
	splitMergedWithNext
	splitContiguous
)

func parseSplitBehavior(name string) (splitBehavior, bool) {
	switch name {
	case "Removed":
		return splitRemoved, true
	case "Isolated":
		return splitIsolated, true
	case "MergedWithPrevious":
		return splitMergedWithPrevious, true
	case "MergedWithNext":
		return splitMergedWithNext, true
	case "Contiguous":
		return splitContiguous, true
	}
	return 0, false
}

// match is one piece of a pattern search: the pieces cover the searched string in order.
type match struct {
	start, end int
	isMatch    bool
}

// pattern finds the delimiters a NormalizedString is split on (HF Pattern). findMatches appends to dst
// pieces that cover all of s; an empty s gives one empty non-match.
type pattern interface {
	findMatches(s string, dst []match) ([]match, error)
}

// rangeFinder finds non-overlapping leftmost matches as byte ranges, like wasm/regex.Regexp.
type rangeFinder interface {
	FindAllIndex(s string, dst [][2]int) ([][2]int, error)
}

// regexPattern turns the matches of a regex into covering pieces. It keeps a buffer between calls.
type regexPattern struct {
	re    rangeFinder
	found [][2]int
}

func (p *regexPattern) findMatches(s string, dst []match) ([]match, error) {
	if s == "" {
		return append(dst, match{0, 0, false}), nil
	}
	found, err := p.re.FindAllIndex(s, p.found[:0])
	if err != nil {
		return nil, err
	}
	p.found = found
	prev := 0
	for _, m := range found {
		if prev != m[0] {
			dst = append(dst, match{prev, m[0], false})
		}
		dst = append(dst, match{m[0], m[1], true})
		prev = m[1]
	}
	if prev != len(s) {
		dst = append(dst, match{prev, len(s), false})
	}
	return dst, nil
}

// literalFinder finds a fixed string. An empty needle matches the empty string at every rune
// boundary, as the escaped empty regex does in Oniguruma.
type literalFinder struct{ needle string }

func (f literalFinder) FindAllIndex(s string, dst [][2]int) ([][2]int, error) {
	if f.needle == "" {
		for i := range s {
			dst = append(dst, [2]int{i, i})
		}
		return append(dst, [2]int{len(s), len(s)}), nil
	}
	for i := 0; i <= len(s)-len(f.needle); {
		j := strings.Index(s[i:], f.needle)
		if j < 0 {
			break
		}
		dst = append(dst, [2]int{i + j, i + j + len(f.needle)})
		i += j + len(f.needle)
	}
	return dst, nil
}

// runePattern matches single runes for which the predicate is true.
type runePattern func(rune) bool

func (p runePattern) findMatches(s string, dst []match) ([]match, error) {
	if s == "" {
		return append(dst, match{0, 0, false}), nil
	}
	last := 0
	for i, c := range s {
		if p(c) {
			if last < i {
				dst = append(dst, match{last, i, false})
			}
			size := utf8.RuneLen(c)
			if c == utf8.RuneError {
				_, size = utf8.DecodeRuneInString(s[i:])
			}
			dst = append(dst, match{i, i + size, true})
			last = i + size
		}
	}
	if last < len(s) {
		dst = append(dst, match{last, len(s), false})
	}
	return dst, nil
}

// invertPattern flips which pieces are delimiters.
type invertPattern struct{ p pattern }

func (p invertPattern) findMatches(s string, dst []match) ([]match, error) {
	n := len(dst)
	dst, err := p.p.findMatches(s, dst)
	if err != nil {
		return nil, err
	}
	for i := n; i < len(dst); i++ {
		dst[i].isMatch = !dst[i].isMatch
	}
	return dst, nil
}

// isWhitespace is Rust's char::is_whitespace (the Unicode White_Space property).
func isWhitespace(r rune) bool { return unicode.IsSpace(r) }
