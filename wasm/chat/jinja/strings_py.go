package jinja

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pyIsSpace is Python's str.isspace for one character (Go's unicode.IsSpace lacks \x1c-\x1f).
func pyIsSpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

func isCased(r rune) bool { return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) }

// pyStrip is str.strip/lstrip/rstrip: whitespace when chars is nil, else any character of chars.
func pyStrip(s string, chars Value, left, right bool) (string, error) {
	cut := pyIsSpace
	if chars != nil {
		set, ok := chars.(string)
		if !ok {
			return "", typeErrorf("strip arg must be None or str")
		}
		cut = func(r rune) bool { return strings.ContainsRune(set, r) }
	}
	if left {
		s = strings.TrimLeftFunc(s, cut)
	}
	if right {
		s = strings.TrimRightFunc(s, cut)
	}
	return s, nil
}

// pySplit is str.split / str.rsplit with Python's sep=None whitespace splitting and maxsplit.
func pySplit(s string, sep Value, maxsplit int64, fromRight bool) ([]Value, error) {
	var parts []string
	switch sp := sep.(type) {
	case nil:
		parts = splitWhitespace(s, maxsplit, fromRight)
	case string:
		if sp == "" {
			return nil, valueErrorf("empty separator")
		}
		n := -1
		if maxsplit >= 0 {
			n = int(maxsplit) + 1
		}
		if fromRight && n > 0 {
			parts = rsplitN(s, sp, n)
		} else {
			parts = strings.SplitN(s, sp, n)
		}
	default:
		return nil, typeErrorf("must be str or None, not %s", typeName(sep))
	}
	out := make([]Value, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func rsplitN(s, sep string, n int) []string {
	var rev []string
	for len(rev) < n-1 {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		rev = append(rev, s[i+len(sep):])
		s = s[:i]
	}
	out := []string{s}
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return out
}

func splitWhitespace(s string, maxsplit int64, fromRight bool) []string {
	if maxsplit < 0 {
		return strings.FieldsFunc(s, pyIsSpace)
	}
	if fromRight {
		// Split from the right: reverse words, split, reverse back.
		fields := strings.FieldsFunc(s, pyIsSpace)
		if int64(len(fields)) <= maxsplit+1 {
			return fields
		}
		trimmed := strings.TrimRightFunc(s, pyIsSpace)
		var tail []string
		for int64(len(tail)) < maxsplit {
			i := strings.LastIndexFunc(trimmed, pyIsSpace)
			tail = append(tail, trimmed[i+utf8RuneLen(trimmed[i:]):])
			trimmed = strings.TrimRightFunc(trimmed[:i], pyIsSpace)
		}
		out := []string{trimmed}
		for i := len(tail) - 1; i >= 0; i-- {
			out = append(out, tail[i])
		}
		return out
	}
	var out []string
	rest := strings.TrimLeftFunc(s, pyIsSpace)
	for rest != "" && int64(len(out)) < maxsplit {
		i := strings.IndexFunc(rest, pyIsSpace)
		if i < 0 {
			break
		}
		out = append(out, rest[:i])
		rest = strings.TrimLeftFunc(rest[i:], pyIsSpace)
	}
	if rest != "" {
		out = append(out, rest)
	}
	return out
}

// pyTitle is str.title: the first cased character after an uncased one goes to title case, the rest to lower.
func pyTitle(s string) string {
	var b strings.Builder
	prevCased := false
	for _, r := range s {
		if isCased(r) {
			if prevCased {
				b.WriteRune(unicode.ToLower(r))
			} else {
				b.WriteRune(unicode.ToTitle(r))
			}
			prevCased = true
		} else {
			b.WriteRune(r)
			prevCased = false
		}
	}
	return b.String()
}

// pyCapitalize is str.capitalize: first character to title case, the rest to lower case.
func pyCapitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToTitle(r)) + strings.ToLower(s[n:])
}

func pyUpper(s string) string { return strings.ReplaceAll(strings.ToUpper(s), "ß", "SS") }

func pySwapcase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

// runeCount is len(str) in Python: characters, not bytes or UTF-16 units.
func runeCount(s string) int { return utf8.RuneCountInString(s) }

func allRunes(s string, pred func(rune) bool) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !pred(r) {
			return false
		}
	}
	return true
}

// pyCaseCheck is str.isupper / str.islower: at least one cased character, and none of the other case.
func pyCaseCheck(s string, upper bool) bool {
	seen := false
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			if !upper {
				return false
			}
			seen = true
		} else if unicode.IsLower(r) {
			if upper {
				return false
			}
			seen = true
		}
	}
	return seen
}

// pyCenter is str.center: Python puts the extra pad character on the left when the total padding is odd and
// the width is odd.
func pyCenter(s string, width int, fill string) string {
	n := runeCount(s)
	if width <= n {
		return s
	}
	pad := width - n
	left := pad/2 + (pad & width & 1)
	return strings.Repeat(fill, left) + s + strings.Repeat(fill, pad-left)
}

// IsPythonSpace is Python's str.isspace for one character, for callers that strip like Python.
func IsPythonSpace(r rune) bool { return pyIsSpace(r) }
