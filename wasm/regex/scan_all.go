package regex

// The loops over all matches of the most used byte-level patterns. Inside wasm a call costs about as much as
// the scan of a short word, so the common pieces (an ASCII word with its optional leading space or
// punctuation, a digit) are matched here with table lookups, and only the rest calls the scanner.

// scanAllGPT2 is Regexp.scanAll with scanGPT2.
func scanAllGPT2(s string, dst [][2]int) [][2]int {
	for pos := 0; pos < len(s); {
		// ` ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+` over ASCII: the run of one kind from run.
		run, k := pos+1, kind(byteKinds[s[pos]])
		if s[pos] == ' ' && run < len(s) {
			run, k = pos+2, kind(byteKinds[s[pos+1]])
		}
		if k == kindSpace || k == kindNonASCII || s[pos] == '\'' {
			end := scanGPT2(s, pos)
			dst = append(dst, [2]int{pos, end})
			pos = end
			continue
		}
		for run < len(s) && kind(byteKinds[s[run]]) == k {
			run++
		}
		if run < len(s) && s[run] >= 0x80 {
			run = runOfKind(s, run, k)
		}
		dst = append(dst, [2]int{pos, run})
		pos = run
	}
	return dst
}

// scanAllCL100K is Regexp.scanAll with scanCL100K.
func scanAllCL100K(s string, dst [][2]int, maxDigits int) [][2]int {
	for pos := 0; pos < len(s); {
		// [^\r\n\p{L}\p{N}]?\p{L}+ over ASCII: the letters from run; a lone digit for \p{N}{1,1}.
		c, run := s[pos], -1
		switch kind(byteKinds[c]) {
		case kindLetter:
			run = pos + 1
		case kindNumber:
			if maxDigits == 1 {
				dst = append(dst, [2]int{pos, pos + 1})
				pos++
				continue
			}
		case kindOther, kindSpace:
			if c != '\'' && c != '\r' && c != '\n' && pos+1 < len(s) && byteKinds[s[pos+1]] == byte(kindLetter) {
				run = pos + 2
			}
		}
		if run < 0 {
			end := scanCL100K(s, pos, maxDigits)
			dst = append(dst, [2]int{pos, end})
			pos = end
			continue
		}
		for run < len(s) && byteKinds[s[run]] == byte(kindLetter) {
			run++
		}
		if run < len(s) && s[run] >= 0x80 {
			run = runOfKind(s, run, kindLetter)
		}
		dst = append(dst, [2]int{pos, run})
		pos = run
	}
	return dst
}
