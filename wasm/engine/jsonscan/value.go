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
	if s.err != nil {
		return 0
	}
	s.skipSpace()
	data, i := s.data, s.pos
	var n uint64
	for ; i < len(data) && data[i] >= '0' && data[i] <= '9'; i++ {
		d := uint64(data[i] - '0')
		if n > (limit-d)/10 {
			s.syntax("expected an integer from 0 to " + strconv.FormatUint(limit, 10))
			return 0
		}
		n = n*10 + d
	}
	switch {
	case i == s.pos || (data[s.pos] == '0' && i > s.pos+1):
		s.syntax("invalid integer")
		return 0
	case i < len(data) && (data[i] == '.' || data[i] == 'e' || data[i] == 'E' || data[i] == '-' || data[i] == '+'):
		s.syntax("expected an integer from 0 to " + strconv.FormatUint(limit, 10))
		return 0
	}
	s.pos = i
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
