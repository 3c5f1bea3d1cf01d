package regex

import (
	"unicode"
	"unicode/utf8"
)

// DeepSeek-V3 runs three Split pre-tokenizers in a row. The last two patterns hold literal characters (CJK
// ranges, and a raw CR and LF inside the classes) exactly as its tokenizer.json spells them.
const (
	patternDigits1To3   = `\p{N}{1,3}`
	patternDeepSeekCJK  = "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+"
	patternDeepSeekMain = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"
)

// scanDigits1To3 matches \p{N}{1,3} at s[i].
func scanDigits1To3(s string, i int) int {
	end := i
	for range 3 {
		k, n := kindAt(s, end)
		if k != kindNumber {
			break
		}
		end += n
	}
	if end == i {
		return -1
	}
	return end
}

// scanDeepSeekCJK matches patternDeepSeekCJK at s[i].
func scanDeepSeekCJK(s string, i int) int {
	end := i
	for end < len(s) {
		r, n := decode(s, end)
		if !(r >= 0x4e00 && r <= 0x9fa5 || r >= 0x3040 && r <= 0x30ff) {
			break
		}
		end += n
	}
	if end == i {
		return -1
	}
	return end
}

// isPunctOrSymbol is [\p{P}\p{S}]; in ASCII that is exactly the 32 punctuation characters.
func isPunctOrSymbol(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r < 0x7f && !(uint32(r|0x20)-'a' < 26) && !(uint32(r)-'0' < 10)
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

func isLetterOrMark(r rune) bool { return isLetter(r) || isMark(r) }

func runOf(s string, i int, in func(rune) bool) int {
	for i < len(s) {
		r, n := decode(s, i)
		if !in(r) {
			break
		}
		i += n
	}
	return i
}

func isASCIILetterAt(s string, i int) bool { return i < len(s) && uint32(s[i]|0x20)-'a' < 26 }

// scanDeepSeekMain matches patternDeepSeekMain at s[i]. Unlike the GPT-2 family it leaves characters
// unmatched (numbers, controls and format characters not followed by a letter).
func scanDeepSeekMain(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	r, n := decode(s, i)
	// [ASCII punctuation][A-Za-z]+
	if r < utf8.RuneSelf && isPunctOrSymbol(r) && isASCIILetterAt(s, i+1) {
		end := i + 2
		for isASCIILetterAt(s, end) {
			end++
		}
		return end
	}
	// [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
	letter, punct := isLetter(r), isPunctOrSymbol(r)
	if letter || isMark(r) {
		return runOf(s, i+n, isLetterOrMark)
	}
	if !punct && !isCRLF(r) && i+n < len(s) {
		if r2, n2 := decode(s, i+n); isLetterOrMark(r2) {
			return runOf(s, i+n+n2, isLetterOrMark)
		}
	}
	// ` ?[\p{P}\p{S}]+[\r\n]*`
	if punct {
		return runOfCRLF(s, runOf(s, i+n, isPunctOrSymbol))
	}
	if r == ' ' && i+1 < len(s) {
		if r2, n2 := decode(s, i+1); isPunctOrSymbol(r2) {
			return runOfCRLF(s, runOf(s, i+1+n2, isPunctOrSymbol))
		}
	}
	if !isSpace(r) {
		return -1
	}
	end, newlineEnd := spaceRunWithNewline(s, i)
	if newlineEnd >= 0 {
		return newlineEnd
	}
	return spaceTail(s, i, end)
}
