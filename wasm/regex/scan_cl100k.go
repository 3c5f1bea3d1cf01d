package regex

// The cl100k_base family: Llama-3 uses it verbatim; Qwen2/Qwen2.5/Qwen3 take single digits.
const (
	patternLlama3 = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	patternQwen2  = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
)

func scanLlama3(s string, i int) int { return scanCL100K(s, i, 3) }

func scanQwen2(s string, i int) int { return scanCL100K(s, i, 1) }

// scanCL100K matches the cl100k pattern with \p{N}{1,maxDigits} at s[i]. The alternatives are tested in the
// pattern's order; every character starts a match.
func scanCL100K(s string, i, maxDigits int) int {
	if i >= len(s) {
		return -1
	}
	if s[i] == '\'' {
		if end := contraction(s, i, true); end >= 0 {
			return end
		}
	}
	c := s[i]
	k, n := kindAt(s, i)
	// [^\r\n\p{L}\p{N}]?\p{L}+
	if k == kindLetter {
		return runOfKind(s, i+n, kindLetter)
	}
	if k != kindNumber && c != '\r' && c != '\n' {
		if k2, n2 := kindAt(s, i+n); k2 == kindLetter {
			return runOfKind(s, i+n+n2, kindLetter)
		}
	}
	switch k {
	case kindNumber:
		return numberRun(s, i+n, maxDigits-1)
	case kindOther:
		return runOfCRLF(s, runOfKind(s, i+n, kindOther))
	}
	// ` ?[^\s\p{L}\p{N}]+[\r\n]*` with its optional space.
	if c == ' ' {
		if k2, n2 := kindAt(s, i+1); k2 == kindOther {
			return runOfCRLF(s, runOfKind(s, i+1+n2, kindOther))
		}
	}
	end, newlineEnd := spaceRunWithNewline(s, i)
	if newlineEnd >= 0 {
		return newlineEnd
	}
	return spaceTail(s, i, end)
}
