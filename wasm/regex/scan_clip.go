package regex

import "strings"

// CLIP's Split pattern, and the \s+ of its Replace normalizer.
const (
	patternCLIP   = `<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`
	patternSpaces = `\s+`
	// patternSpaceRun2 is the Replace normalizer pattern of Marian models.
	patternSpaceRun2 = ` {2,}`
)

// scanCLIP matches patternCLIP at s[i]; white space is left unmatched.
func scanCLIP(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	if s[i] == '<' {
		for _, special := range [2]string{"<|startoftext|>", "<|endoftext|>"} {
			if strings.HasPrefix(s[i:], special) {
				return i + len(special)
			}
		}
	}
	if s[i] == '\'' {
		if end := contraction(s, i, false); end >= 0 {
			return end
		}
	}
	r, n := decode(s, i)
	switch kindOf(r) {
	case kindLetter:
		return runOfKind(s, i+n, kindLetter)
	case kindNumber:
		return i + n
	case kindOther:
		return runOfKind(s, i+n, kindOther)
	}
	return -1
}

// scanSpaces matches \s+ at s[i].
func scanSpaces(s string, i int) int {
	if k, _ := kindAt(s, i); k != kindSpace || i >= len(s) {
		return -1
	}
	return runOfKind(s, i, kindSpace)
}

// scanSpaceRun2 matches ` {2,}` at s[i].
func scanSpaceRun2(s string, i int) int {
	end := i
	for end < len(s) && s[end] == ' ' {
		end++
	}
	if end-i < 2 {
		return -1
	}
	return end
}
