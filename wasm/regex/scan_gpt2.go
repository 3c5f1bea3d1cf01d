package regex

// patternGPT2 is the pattern of the ByteLevel pre-tokenizer (GPT-2, RoBERTa and all ByteLevel files with
// use_regex: true).
const patternGPT2 = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`

// scanGPT2 matches patternGPT2 at s[i]. Every character starts a match.
func scanGPT2(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	if s[i] == '\'' {
		if end := contraction(s, i, false); end >= 0 {
			return end
		}
	}
	k, n := kindAt(s, i)
	if s[i] == ' ' {
		if k2, n2 := kindAt(s, i+1); k2 != kindSpace {
			return runOfKind(s, i+1+n2, k2)
		}
	}
	if k != kindSpace {
		return runOfKind(s, i+n, k)
	}
	return spaceTail(s, i, runOfKind(s, i+n, kindSpace))
}
