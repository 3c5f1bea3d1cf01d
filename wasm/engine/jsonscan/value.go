package jsonscan

import "strconv"

// Number reads a number and returns its text, checked against the JSON grammar.
func (s *Scanner) Number() []byte {
	if s.err != nil {
		return nil
	}
	s.skipSpace()
	start := s.pos
	end := s.scanNumber(start)
	if s.err != nil {
		return nil
	}
	s.pos = end
	return s.data[start:end]
}

// Uint reads a non-negative integer no larger than limit; fractions and exponents are errors, as they are
// for serde's integer types.
func (s *Scanner) Uint(limit uint64) uint64 {
	start := s.pos
	text := s.Number()
	if s.err != nil {
		return 0
	}
	n, err := strconv.ParseUint(string(text), 10, 64)
	if err != nil || n > limit {
		s.pos = start
		s.syntax("expected an integer from 0 to " + strconv.FormatUint(limit, 10))
		return 0
	}
	return n
}

// Float reads a number as a float64.
func (s *Scanner) Float() float64 {
	start := s.pos
	text := s.Number()
	if s.err != nil {
		return 0
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		s.pos = start
		s.syntax("number out of range")
		return 0
	}
	return f
}

// scanNumber returns the end of the number at i: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *Scanner) scanNumber(i int) int {
	data := s.data
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		i = digits(data, i)
	default:
		s.pos = i
		s.syntax("invalid number")
		return i
	}
	if i < len(data) && data[i] == '.' {
		j := digits(data, i+1)
		if j == i+1 {
			s.pos = j
			s.syntax("invalid number")
			return j
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(data, i)
		if j == i {
			s.pos = j
			s.syntax("invalid number")
			return j
		}
		i = j
	}
	return i
}

func digits(data []byte, i int) int {
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i
}

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

// skipValue validates one value. Nesting is bounded by maxDepth, so the recursion is too.
func (s *Scanner) skipValue() {
	switch s.Peek() {
	case Object:
		for range s.Members() {
			s.skipValue()
		}
	case Array:
		for range s.Elements() {
			s.skipValue()
		}
	case String:
		end, _ := s.scanString(s.pos + 1)
		if s.err == nil {
			s.pos = end + 1
		}
	case Number:
		if end := s.scanNumber(s.pos); s.err == nil {
			s.pos = end
		}
	case Bool:
		s.Bool()
	case Null:
		s.literal("null")
	default:
		if s.err == nil {
			s.syntax("expected a value")
		}
	}
}
