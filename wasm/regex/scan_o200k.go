package regex

import (
	"unicode"
	"unicode/utf8"
)

// patternO200K is o200k_base's pattern (gpt-4o, gpt-oss).
const patternO200K = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// Case classes of o200k: upperish is [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], lowerish [\p{Ll}\p{Lm}\p{Lo}\p{M}].
const (
	upperish = 1 << iota
	lowerish
)

func caseClass(r rune) uint8 {
	if r < utf8.RuneSelf {
		switch {
		case r >= 'A' && r <= 'Z':
			return upperish
		case r >= 'a' && r <= 'z':
			return lowerish
		}
		return 0
	}
	if unicode.IsLetter(r) {
		switch {
		case unicode.IsLower(r):
			return lowerish
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			return upperish
		}
		return upperish | lowerish // Lm, Lo
	}
	if isMark(r) {
		return upperish | lowerish
	}
	return 0
}

func runOfCase(s string, i int, class uint8) int {
	for i < len(s) {
		r, n := decode(s, i)
		if caseClass(r)&class == 0 {
			break
		}
		i += n
	}
	return i
}

// o200kLowerWord is upperish*lowerish+ at s[a], or -1. The greedy upperish* backtracks to the last point
// followed by a lowerish character: the end of the upperish run when a lowercase letter follows it (then
// lowerish+ runs on), else the last Lm/Lo/M inside the run (then lowerish+ is that one character, because
// what follows it is Lu/Lt or no letter).
func o200kLowerWord(s string, a int) int {
	lastLowerish := -1
	for j := a; j < len(s); {
		r, n := decode(s, j)
		c := caseClass(r)
		if c&upperish == 0 {
			if c&lowerish != 0 {
				return runOfCase(s, j+n, lowerish)
			}
			break
		}
		j += n
		if c&lowerish != 0 {
			lastLowerish = j
		}
	}
	return lastLowerish
}

// o200kUpperWord is upperish+lowerish* at s[a], or -1.
func o200kUpperWord(s string, a int) int {
	j := runOfCase(s, a, upperish)
	if j == a {
		return -1
	}
	return runOfCase(s, j, lowerish)
}

// withContraction extends a word ending at e by an optional (?i:'s|'t|'re|'ve|'m|'ll|'d).
func withContraction(s string, e int) int {
	if e < len(s) && s[e] == '\'' {
		if end := contraction(s, e, true); end >= 0 {
			return end
		}
	}
	return e
}

// scanO200K matches patternO200K at s[i]. Each word alternative first tries with its optional
// [^\r\n\p{L}\p{N}] prefix, then without, as backtracking does. Every character starts a match.
func scanO200K(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	r, n := decode(s, i)
	k := kindOf(r)
	hasPrefix := k != kindLetter && k != kindNumber && !isCRLF(r)
	for _, word := range [2]func(string, int) int{o200kLowerWord, o200kUpperWord} {
		if hasPrefix {
			if e := word(s, i+n); e >= 0 {
				return withContraction(s, e)
			}
		}
		if e := word(s, i); e >= 0 {
			return withContraction(s, e)
		}
	}
	switch k {
	case kindNumber:
		return numberRun(s, i+n, 2) // \p{N}{1,3}
	case kindOther:
		return runOfCRLFSlash(s, runOfKind(s, i+n, kindOther))
	}
	if r == ' ' {
		if k2, n2 := kindAt(s, i+1); k2 == kindOther {
			return runOfCRLFSlash(s, runOfKind(s, i+1+n2, kindOther))
		}
	}
	end, newlineEnd := spaceRunWithNewline(s, i)
	if newlineEnd >= 0 {
		return newlineEnd
	}
	return spaceTail(s, i, end)
}

// runOfCRLFSlash returns the end of [\r\n/]* at s[i].
func runOfCRLFSlash(s string, i int) int {
	for i < len(s) && (s[i] == '\r' || s[i] == '\n' || s[i] == '/') {
		i++
	}
	return i
}
