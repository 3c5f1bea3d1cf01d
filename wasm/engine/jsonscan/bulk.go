package jsonscan

import "strconv"

// Bulk readers for the two big structures of a tokenizer file, a vocabulary object and a list of merges.
// They run one loop per container instead of a call per item: inside wasm, calls are what costs.

// UintObject reads an object whose values are integers from 0 to limit, such as {"token": id, ...}. It
// appends each unescaped key to keys, the end offset of each key in keys to ends, and each value to vals.
// More than maxMembers members is an error wrapping ErrTooMany.
func (s *Scanner) UintObject(keys []byte, ends, vals []uint32, limit uint64, maxMembers int) ([]byte, []uint32, []uint32) {
	if !s.open('{', "an object") || s.empty('}') {
		return keys, ends, vals
	}
	data := s.data
	for n := 0; ; n++ {
		if n == maxMembers {
			s.tooMany(maxMembers)
			return keys, ends, vals
		}
		if keys = s.appendString(keys); s.err != nil {
			return keys, ends, vals
		}
		i := space(data, s.pos)
		if i >= len(data) || data[i] != ':' {
			s.pos = i
			s.syntax("expected :")
			return keys, ends, vals
		}
		s.pos = space(data, i+1)
		v := s.Uint(limit)
		if s.err != nil {
			return keys, ends, vals
		}
		ends, vals = append(ends, uint32(len(keys))), append(vals, uint32(v))
		if !s.next('}') {
			return keys, ends, vals
		}
	}
}

// StringArray reads an array of strings (tuple 0) or of arrays of exactly tuple strings. It appends every
// unescaped string to dst and its end offset in dst to ends. More than maxItems items is an error
// wrapping ErrTooMany.
func (s *Scanner) StringArray(dst []byte, ends []uint32, tuple, maxItems int) ([]byte, []uint32) {
	if !s.open('[', "an array") || s.empty(']') {
		return dst, ends
	}
	for n := 0; ; n++ {
		if n == maxItems {
			s.tooMany(maxItems)
			return dst, ends
		}
		if tuple == 0 {
			dst = s.appendString(dst)
			ends = append(ends, uint32(len(dst)))
		} else {
			if !s.open('[', "an array") {
				return dst, ends
			}
			for j := range tuple {
				if j > 0 && !s.comma() {
					return dst, ends
				}
				dst = s.appendString(dst)
				ends = append(ends, uint32(len(dst)))
			}
			if s.next(']') {
				s.syntax("expected ] after " + strconv.Itoa(tuple) + " strings")
			}
		}
		if !s.next(']') {
			return dst, ends
		}
	}
}

// comma consumes the "," between two items.
func (s *Scanner) comma() bool {
	if s.err != nil {
		return false
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ',' {
		s.syntax("expected ,")
		return false
	}
	s.pos++
	return true
}

// appendString reads a string and appends its unescaped bytes to dst; plain runs are copied eight bytes
// at a time.
func (s *Scanner) appendString(dst []byte) []byte {
	if s.err != nil {
		return dst
	}
	data := s.data
	i := space(data, s.pos)
	if i >= len(data) || data[i] != '"' {
		s.pos = i
		s.syntax("expected a string")
		return dst
	}
	i++
	if i+8 <= len(data) {
		if n := firstNotPlain(load8(data, i)); n < 8 && data[i+n] == '"' {
			s.pos = i + n + 1
			return append(dst, data[i:i+n]...)
		}
	}
	end, escaped := s.scanString(i)
	if s.err != nil {
		return dst
	}
	s.pos = end + 1
	if escaped {
		return unescape(dst, data[i:end])
	}
	return append(dst, data[i:end]...)
}

func (s *Scanner) tooMany(limit int) {
	s.Fail(&SyntaxError{Offset: s.pos, Msg: "more than " + strconv.Itoa(limit) + " items", Err: ErrTooMany})
}
