package jsonscan

// Skip validates the next value and returns its raw bytes.
func (s *Scanner) Skip() []byte {
	if s.err != nil {
		return nil
	}
	s.skipSpace()
	start := s.pos
	s.skipValue()
	if s.err != nil {
		return nil
	}
	return s.data[start:s.pos]
}

// skipValue validates one value in a single loop over the bytes, with a stack of the open containers
// instead of recursion: it is the loader's inner loop over megabytes of vocabulary and merges.
func (s *Scanner) skipValue() {
	data := s.data
	i := s.pos
	stack := s.stack[:0] // the closing byte of each open container
	for {
		// A value starts at i.
		i = space(data, i)
		if i >= len(data) {
			s.pos = i
			s.syntax("expected a value")
			return
		}
		switch c := data[i]; c {
		case '{', '[':
			if s.depth+len(stack) >= s.maxDepth {
				s.pos = i
				s.tooDeep()
				return
			}
			closing := byte(']')
			if c == '{' {
				closing = '}'
			}
			i = space(data, i+1)
			if i < len(data) && data[i] == closing {
				i++
				break
			}
			stack = append(stack, closing)
			if closing == '}' {
				if i = s.skipKey(i); s.err != nil {
					return
				}
			}
			continue
		case '"':
			if i = s.skipString(i + 1); s.err != nil {
				return
			}
		case 't':
			i = s.skipLiteral(i, "true")
		case 'f':
			i = s.skipLiteral(i, "false")
		case 'n':
			i = s.skipLiteral(i, "null")
		default:
			// Plain integers inline; anything else through the full grammar.
			j := i
			for j < len(data) && data[j] >= '1' && data[j] <= '9' || j > i && j < len(data) && data[j] == '0' {
				j++
			}
			if j > i && j < len(data) && (data[j] == ',' || data[j] == '}' || data[j] == ']' || spaceByte[data[j]]) {
				i = j
			} else {
				i = s.scanNumber(i)
			}
		}
		if s.err != nil {
			return
		}
		// After a value: close containers until one continues with ",".
		for {
			if len(stack) == 0 {
				s.pos, s.stack = i, stack
				return
			}
			i = space(data, i)
			closing := stack[len(stack)-1]
			if i < len(data) && data[i] == closing {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if i >= len(data) || data[i] != ',' {
				s.pos = i
				s.syntax("expected , or " + string(closing))
				return
			}
			i++
			if closing == '}' {
				if i = s.skipKey(i); s.err != nil {
					return
				}
			}
			break
		}
	}
}

// skipKey validates an object key and its colon at i and returns the index after the colon.
func (s *Scanner) skipKey(i int) int {
	data := s.data
	i = space(data, i)
	if i >= len(data) || data[i] != '"' {
		s.pos = i
		s.syntax("expected a string")
		return i
	}
	if i = s.skipString(i + 1); s.err != nil {
		return i
	}
	i = space(data, i)
	if i >= len(data) || data[i] != ':' {
		s.pos = i
		s.syntax("expected :")
		return i
	}
	return i + 1
}

func (s *Scanner) skipLiteral(i int, word string) int {
	if len(s.data)-i < len(word) || string(s.data[i:i+len(word)]) != word {
		s.pos = i
		s.syntax("invalid literal")
		return i
	}
	return i + len(word)
}

// skipString validates the string body at i and returns the index after its closing quote. A short plain
// string is checked inline; scanString takes over at the first byte that is not plain.
func (s *Scanner) skipString(i int) int {
	data := s.data
	if i+8 <= len(data) {
		n := firstNotPlain(load8(data, i))
		if i += n; n < 8 && data[i] == '"' {
			return i + 1
		}
	}
	end, _ := s.scanString(i)
	return end + 1
}
