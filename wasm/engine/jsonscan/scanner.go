package jsonscan

import (
	"errors"
	"fmt"
	"iter"
	"unicode/utf8"
)

// ErrTooDeep is wrapped by the error for a document nested deeper than the scanner's limit.
var ErrTooDeep = errors.New("nesting too deep")

// ErrTooMany is wrapped by the error of a bulk reader that met more items than its caller allows.
var ErrTooMany = errors.New("too many items")

// SyntaxError is malformed JSON, with the byte offset where it was found.
type SyntaxError struct {
	Offset int
	Msg    string
	Err    error // ErrTooDeep, ErrTooMany, or nil
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("json: %s at byte %d", e.Msg, e.Offset) }

func (e *SyntaxError) Unwrap() error { return e.Err }

// Kind is the type of the next value, as its first byte tells.
type Kind uint8

const (
	Invalid Kind = iota // end of input or a byte that starts no value
	Null
	Bool
	Number
	String
	Array
	Object
)

// Scanner reads one JSON document held in memory.
type Scanner struct {
	data     []byte
	pos      int
	depth    int
	maxDepth int
	err      error
	buf      []byte // unescaped strings
	stack    []byte // Skip's open containers
}

// New returns a scanner over data that rejects containers nested deeper than maxDepth. It checks the
// UTF-8 of all of data first: one pass that skips ASCII eight bytes at a time costs less than decoding
// every non-ASCII rune of every string.
func New(data []byte, maxDepth int) *Scanner {
	s := &Scanner{data: data, maxDepth: maxDepth}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		s.pos = i
		s.syntax("invalid UTF-8")
	}
	return s
}

// Sub returns a scanner over data, which must come from s's input (Rest, Since, Skip), without checking
// its UTF-8 again.
func (s *Scanner) Sub(data []byte) *Scanner {
	return &Scanner{data: data, maxDepth: s.maxDepth}
}

// Err is the first error met, or nil.
func (s *Scanner) Err() error { return s.err }

// Rewrap replaces the error, if any, with wrap(error): a caller names the part of the document it was
// reading.
func (s *Scanner) Rewrap(wrap func(error) error) {
	if s.err != nil {
		s.err = wrap(s.err)
	}
}

// Fail records err as the scanner's error unless one is already set, and stops the scan. Callers use it
// for semantic errors found inside an iteration.
func (s *Scanner) Fail(err error) {
	if s.err == nil {
		s.err = err
	}
	s.pos = len(s.data)
}

func (s *Scanner) syntax(msg string) {
	s.Fail(&SyntaxError{Offset: s.pos, Msg: msg})
}

func (s *Scanner) tooDeep() {
	s.Fail(&SyntaxError{Offset: s.pos, Msg: fmt.Sprintf("more than %d nested arrays and objects", s.maxDepth), Err: ErrTooDeep})
}

func (s *Scanner) skipSpace() { s.pos = space(s.data, s.pos) }

// space returns the index of the first byte at or after i that is not white space. The common case, no
// white space, is inlined at the call sites.
func space(data []byte, i int) int {
	if i < len(data) && data[i] > ' ' {
		return i
	}
	return spaceRun(data, i)
}

func spaceRun(data []byte, i int) int {
	for i+8 <= len(data) {
		n := firstNotSpace(load8(data, i))
		i += n
		if n < 8 {
			return i
		}
	}
	for i < len(data) && spaceByte[data[i]] {
		i++
	}
	return i
}

var spaceByte = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// FirstElement returns the kind of the first element of the array that comes next, without consuming
// anything; Invalid when no array or an empty one comes next.
func (s *Scanner) FirstElement() Kind {
	if s.Peek() != Array {
		return Invalid
	}
	saved := s.pos
	s.pos = space(s.data, s.pos+1)
	k := s.Peek()
	s.pos = saved
	return k
}

// Mark returns the offset where the next value starts, for Since.
func (s *Scanner) Mark() int {
	s.skipSpace()
	return s.pos
}

// Since returns the input from mark to the current position: the raw bytes of the values read since.
func (s *Scanner) Since(mark int) []byte {
	if s.err != nil || mark > s.pos {
		return nil
	}
	return s.data[mark:s.pos]
}

// Rest returns the input from the next value to the end, for a look ahead with another scanner.
func (s *Scanner) Rest() []byte {
	if s.err != nil {
		return nil
	}
	s.skipSpace()
	return s.data[s.pos:]
}

// Peek returns the kind of the next value without consuming it.
func (s *Scanner) Peek() Kind {
	if s.err != nil {
		return Invalid
	}
	s.skipSpace()
	if s.pos >= len(s.data) {
		return Invalid
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	case c == '-' || (c >= '0' && c <= '9'):
		return Number
	}
	return Invalid
}

// Finish checks that nothing but white space follows the document and returns Err.
func (s *Scanner) Finish() error {
	if s.err == nil {
		s.skipSpace()
		if s.pos != len(s.data) {
			s.syntax("unexpected data after the document")
		}
	}
	return s.err
}

// open consumes the opening byte of a container.
func (s *Scanner) open(c byte, what string) bool {
	if s.err != nil {
		return false
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != c {
		s.syntax("expected " + what)
		return false
	}
	if s.depth >= s.maxDepth {
		s.tooDeep()
		return false
	}
	s.pos++
	s.depth++
	return true
}

// next consumes the "," or the closing byte after a container's item; it reports whether another item follows.
func (s *Scanner) next(closing byte) bool {
	if s.err != nil {
		return false
	}
	s.skipSpace()
	if s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ',':
			s.pos++
			return true
		case closing:
			s.pos++
			s.depth--
			return false
		}
	}
	s.syntax("expected , or " + string(closing))
	return false
}

// empty consumes the closing byte of an empty container.
func (s *Scanner) empty(closing byte) bool {
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == closing {
		s.pos++
		s.depth--
		return true
	}
	return false
}

// Members iterates over the members of an object, yielding each key; the loop body must consume the
// member's value (read it or Skip it). The key is valid until the next call on the scanner. The loop ends
// early, with Err set, at the first error.
func (s *Scanner) Members() iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		if !s.open('{', "an object") || s.empty('}') {
			return
		}
		for {
			key := s.String()
			if s.err != nil {
				return
			}
			s.skipSpace()
			if s.pos >= len(s.data) || s.data[s.pos] != ':' {
				s.syntax("expected :")
				return
			}
			s.pos++
			if !yield(key) || !s.next('}') {
				return
			}
		}
	}
}

// Elements iterates over the elements of an array, yielding each index; the loop body must consume the
// element. The loop ends early, with Err set, at the first error.
func (s *Scanner) Elements() iter.Seq[int] {
	return func(yield func(int) bool) {
		if !s.open('[', "an array") || s.empty(']') {
			return
		}
		for i := 0; ; i++ {
			if !yield(i) || !s.next(']') {
				return
			}
		}
	}
}

// Null consumes a null if one comes next and reports whether it did.
func (s *Scanner) Null() bool {
	if s.Peek() != Null {
		return false
	}
	return s.literal("null")
}

// Bool reads true or false.
func (s *Scanner) Bool() bool {
	if s.Peek() != Bool {
		s.syntax("expected true or false")
		return false
	}
	if s.data[s.pos] == 't' {
		return s.literal("true")
	}
	s.literal("false")
	return false
}

func (s *Scanner) literal(word string) bool {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		s.syntax("invalid literal")
		return false
	}
	s.pos += len(word)
	return true
}
