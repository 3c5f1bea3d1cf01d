package regex

import (
	"errors"
	"fmt"
)

// ErrBudget reports that matching took more steps than the budget allows for the input length; FindAllIndex
// wraps it so callers can errors.Is it and refuse the input instead of hanging.
var ErrBudget = errors.New("regex: step budget exceeded")

// Regexp is a compiled pattern. A Regexp keeps scratch space between calls, so it is safe for repeated use by
// one goroutine, not for concurrent use.
type Regexp struct {
	pattern string
	// scan, when set, is the hand-written scanner of a known pattern: the end of the match starting exactly
	// at pos, or -1. Known patterns never match the empty string.
	scan func(s string, pos int) int
	// scanAll, when set, is FindAllIndex with scan in one loop (knownScanAll).
	all  func(s string, dst [][2]int) [][2]int
	prog *program
	m    machine
}

// Compile parses pattern with Oniguruma's syntax.
func Compile(pattern string) (*Regexp, error) {
	re := &Regexp{pattern: pattern, scan: knownScanner(pattern), all: knownScanAll(pattern)}
	if re.scan != nil {
		return re, nil
	}
	prog, err := compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("regex: compile %q: %w", pattern, err)
	}
	re.prog = prog
	return re, nil
}

// MustCompile is Compile for patterns known to be valid; it panics otherwise.
func MustCompile(pattern string) *Regexp {
	re, err := Compile(pattern)
	if err != nil {
		panic(err)
	}
	return re
}

// String returns the source pattern.
func (re *Regexp) String() string { return re.pattern }

// FindAllIndex appends to dst the non-overlapping leftmost-first matches of re in s as byte ranges
// [start,end) and returns dst. It iterates exactly like onig's find_iter, which tokenizers uses: each search
// starts where the previous match ended; an empty match advances the next search by one character, and an
// empty match found right after a non-empty match is dropped. Invalid UTF-8 bytes count as one character each.
func (re *Regexp) FindAllIndex(s string, dst [][2]int) ([][2]int, error) {
	if re.all != nil {
		return re.all(s, dst), nil
	}
	if re.scan != nil {
		return re.scanAll(s, dst), nil
	}
	re.m.reset(re.prog, s)
	lastEnd, skipNextEmpty := 0, false
	for lastEnd <= len(s) {
		start, end, err := re.m.search(lastEnd)
		if err != nil {
			return dst, err
		}
		if start < 0 {
			break
		}
		lastEnd = end
		if start == end {
			lastEnd += charLen(s, end)
			if skipNextEmpty {
				skipNextEmpty = false
				continue
			}
		} else {
			skipNextEmpty = true
		}
		dst = append(dst, [2]int{start, end})
	}
	return dst, nil
}

// scanAll is FindAllIndex for a scanner. Scanners never match the empty string, so every search simply
// resumes at the previous end.
func (re *Regexp) scanAll(s string, dst [][2]int) [][2]int {
	pos := 0
	for pos < len(s) {
		if end := re.scan(s, pos); end >= 0 {
			dst = append(dst, [2]int{pos, end})
			pos = end
			continue
		}
		pos += charLen(s, pos)
	}
	return dst
}
