package regex

// The loops over all matches of the most used byte-level patterns. Inside wasm a call costs about as much as
// the scan of a short word, so the common pieces (a word of ASCII letters or CJK ideographs with its optional
// leading space or punctuation, a digit, a run of ASCII punctuation) are matched here with table lookups, and
// only the rest calls the scanner.

// scanAllGPT2 is Regexp.scanAll with scanGPT2.
func scanAllGPT2(s string, dst [][2]int) [][2]int {
	for pos := 0; pos < len(s); {
		// ` ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+`: the run of kind k from run.
		run, k := pos, kind(byteKinds[s[pos]])
		if s[pos] == ' ' && pos+1 < len(s) {
			run, k = pos+1, kind(byteKinds[s[pos+1]])
		}
		if k == kindNonASCII {
			if isCJKAt(s, run) {
				k = kindLetter
			} else if tk, ok := tableKindAt(s, run); ok {
				k = tk
			}
			if k != kindNonASCII && k != kindSpace {
				run += 2 // the run's first character is 3 bytes long, and one more is added below
			}
		}
		switch {
		case k == kindSpace:
			// `\s+(?!\S)|\s+`, the last space joining the next piece (see spaceTail).
			if end, _, ok := asciiSpaceRun(s, pos); ok {
				if end < len(s) && end-1 > pos {
					end--
				}
				dst = append(dst, [2]int{pos, end})
				pos = end
				continue
			}
			fallthrough
		case k == kindSpace || k == kindNonASCII || s[pos] == '\'':
			end := scanGPT2(s, pos)
			dst = append(dst, [2]int{pos, end})
			pos = end
			continue
		default:
			run++
		}
		for run < len(s) {
			if c := s[run]; kind(byteKinds[c]) == k {
				run++
				continue
			}
			if k == kindLetter && isCJKAt(s, run) {
				run += 3
				continue
			}
			break
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
		// [^\r\n\p{L}\p{N}]?\p{L}+: the letters from run; ` ?[^\s\p{L}\p{N}]+[\r\n]*`: the punctuation
		// from other.
		c, run, other := s[pos], -1, -1
		next := byte(kindSpace) // the kind of s[pos+1], with the end of s as a space
		if pos+1 < len(s) {
			next = byteKinds[s[pos+1]]
		}
		switch kind(byteKinds[c]) {
		case kindLetter:
			run = pos + 1
		case kindNumber:
			// \p{N}{1,maxDigits}, unless a non-ASCII character that may be a number follows.
			end := pos + 1
			for end-pos < maxDigits && end < len(s) && byteKinds[s[end]] == byte(kindNumber) {
				end++
			}
			if end-pos == maxDigits || end == len(s) || s[end] < 0x80 {
				dst = append(dst, [2]int{pos, end})
				pos = end
				continue
			}
		case kindOther:
			switch {
			case c == '\'':
			case next == byte(kindLetter):
				run = pos + 2
			case next != byte(kindNonASCII):
				other = pos + 1
			}
		case kindSpace:
			switch {
			case c != '\r' && c != '\n' && next == byte(kindLetter):
				run = pos + 2
			case c == ' ' && next == byte(kindOther):
				other = pos + 2
			default:
				// `\s*[\r\n]+|\s+(?!\S)|\s+`, the last space joining the next piece (see spaceTail).
				if end, newlineEnd, ok := asciiSpaceRun(s, pos); ok {
					switch {
					case newlineEnd >= 0:
						end = newlineEnd
					case end < len(s) && end-1 > pos:
						end--
					}
					dst = append(dst, [2]int{pos, end})
					pos = end
					continue
				}
			}
		case kindNonASCII:
			if isCJKAt(s, pos) {
				run = pos + 3
				break
			}
			// CJK punctuation, before a word or starting a run of punctuation.
			if k, ok := tableKindAt(s, pos); !ok || k != kindOther {
				break
			}
			after := byte(kindSpace)
			if pos+3 < len(s) {
				after = byteKinds[s[pos+3]]
			}
			switch {
			case after == byte(kindLetter):
				run = pos + 4
			case after != byte(kindNonASCII):
				other = pos + 3
			case isCJKAt(s, pos+3):
				run = pos + 6
			}
		}
		if other >= 0 {
			for other < len(s) && byteKinds[s[other]] == byte(kindOther) {
				other++
			}
			if other < len(s) && s[other] >= 0x80 {
				other = runOfKind(s, other, kindOther)
			}
			for other < len(s) && (s[other] == '\r' || s[other] == '\n') {
				other++
			}
			dst = append(dst, [2]int{pos, other})
			pos = other
			continue
		}
		if run < 0 {
			end := scanCL100K(s, pos, maxDigits)
			dst = append(dst, [2]int{pos, end})
			pos = end
			continue
		}
		for run < len(s) {
			if byteKinds[s[run]] == byte(kindLetter) {
				run++
				continue
			}
			if isCJKAt(s, run) {
				run += 3
				continue
			}
			break
		}
		if run < len(s) && s[run] >= 0x80 {
			run = runOfKind(s, run, kindLetter)
		}
		dst = append(dst, [2]int{pos, run})
		pos = run
	}
	return dst
}

// asciiSpaceRun returns the end of the run of ASCII spaces at s[i] and the end of its last CR or LF, or -1 when it
// has none; ok is false when a non-ASCII character, which may be a space too, follows the run.
func asciiSpaceRun(s string, i int) (end, newlineEnd int, ok bool) {
	end, newlineEnd = i, -1
	for end < len(s) && byteKinds[s[end]] == byte(kindSpace) {
		if s[end] == '\r' || s[end] == '\n' {
			newlineEnd = end + 1
		}
		end++
	}
	return end, newlineEnd, end == len(s) || s[end] < 0x80
}
