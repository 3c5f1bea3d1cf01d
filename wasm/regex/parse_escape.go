package regex

import (
	"strconv"
	"strings"
	"unicode"
)

// escape parses what follows a backslash outside a character class.
func (p *parser) escape(f flags) (*node, error) {
	if !p.more() {
		return nil, p.errorf("end pattern at escape")
	}
	if set, ok, err := p.escapedSet(false); err != nil {
		return nil, err
	} else if ok {
		return &node{kind: nodeChar, set: set}, nil
	}
	c := p.next()
	assert := func(a assertKind) (*node, error) { return &node{kind: nodeAssert, assert: a}, nil }
	switch c {
	case 'b':
		return assert(assertWordBoundary)
	case 'B':
		return assert(assertNotWordBoundary)
	case 'A':
		return assert(assertTextBegin)
	case 'z':
		return assert(assertTextEnd)
	case 'Z':
		return assert(assertTextEndNL)
	case 'G':
		return assert(assertSearchStart)
	case 'R':
		// General newline: (?>\r\n|[\n\v\f\r\x85\u2028\u2029]).
		crlf := &node{kind: nodeConcat, subs: []*node{literal('\r', flags{}), literal('\n', flags{})}}
		one := &node{kind: nodeChar, set: setOf(runeRange{'\n', '\r'}, runeRange{0x85, 0x85}, runeRange{0x2028, 0x2029})}
		return &node{kind: nodeLook, look: lookAtomic, subs: []*node{{kind: nodeAlt, subs: []*node{crlf, one}}}}, nil
	case 'N':
		return &node{kind: nodeChar, set: setOf(runeRange{'\n', '\n'}).negate()}, nil
	case 'O':
		return &node{kind: nodeChar, set: setOf(runeRange{0, unicode.MaxRune})}, nil
	case 'K', 'X', 'y', 'Y', 'k', 'g', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		p.pos -= 2
		return nil, p.errorf("unsupported escape \\%c (back-references, \\K, \\X and subexpression calls)", c)
	}
	r, err := p.escapedRune(c)
	if err != nil {
		return nil, err
	}
	return literal(r, f), nil
}

// escapedSet parses a character-type escape (\w \W \s \S \d \D \h \H \p{..} \P{..}) at p.pos, after the
// backslash. Case folding does not apply to character types, as in Oniguruma.
func (p *parser) escapedSet(inClass bool) (runeSet, bool, error) {
	var set runeSet
	switch c := p.peek(); c {
	case 'w', 'W':
		set = wordSetOutsideClass()
		if inClass {
			set = wordSet()
		}
	case 's', 'S':
		set = spaceSet()
	case 'd', 'D':
		set = digitSet()
	case 'h', 'H':
		set = hexDigitSet()
	case 'p', 'P':
		if p.pos+1 >= len(p.src) || p.src[p.pos+1] != '{' {
			return nil, false, p.errorf("invalid character property name")
		}
		end := strings.IndexByte(p.src[p.pos:], '}')
		if end < 0 {
			return nil, false, p.errorf("invalid character property name")
		}
		name := p.src[p.pos+2 : p.pos+end]
		negate := c == 'P'
		if strings.HasPrefix(name, "^") {
			name, negate = name[1:], !negate
		}
		s, err := propertySet(name)
		if err != nil {
			return nil, false, p.errorf("%v", err)
		}
		p.pos += end + 1
		if negate {
			s = s.negate()
		}
		return s, true, nil
	default:
		return nil, false, nil
	}
	if c := p.src[p.pos]; c >= 'A' && c <= 'Z' {
		set = set.negate()
	}
	p.pos++
	return set, true, nil
}

// escapedRune decodes a single-character escape whose letter c was just read.
func (p *parser) escapedRune(c rune) (rune, error) {
	switch c {
	case 't':
		return '\t', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 'f':
		return '\f', nil
	case 'v':
		return '\v', nil
	case 'a':
		return 7, nil
	case 'e':
		return 0x1b, nil
	case 'x':
		if p.eat("{") {
			return p.codePoint(16, 8, "}")
		}
		return p.codePoint(16, 2, "")
	case 'u':
		return p.codePoint(16, 4, "")
	case 'o':
		if p.eat("{") {
			return p.codePoint(8, 11, "}")
		}
	case '0':
		p.pos--
		return p.codePoint(8, 3, "")
	case 'c':
		if !p.more() {
			return 0, p.errorf("end pattern at control")
		}
		return p.next() & 0x1f, nil
	}
	return c, nil
}

// codePoint reads up to maxDigits digits in base, then closer, and checks the value is a character.
func (p *parser) codePoint(base, maxDigits int, closer string) (rune, error) {
	start := p.pos
	for p.pos < len(p.src) && p.pos-start < maxDigits && isDigitIn(p.src[p.pos], base) {
		p.pos++
	}
	if p.pos == start || base == 16 && maxDigits == 4 && p.pos-start != 4 {
		return 0, p.errorf("invalid code point value")
	}
	v, err := strconv.ParseUint(p.src[start:p.pos], base, 32)
	if err != nil || v > unicode.MaxRune || v >= 0xD800 && v <= 0xDFFF {
		return 0, p.errorf("invalid code point value")
	}
	if closer != "" && !p.eat(closer) {
		return 0, p.errorf("invalid code point value")
	}
	return rune(v), nil
}

func isDigitIn(c byte, base int) bool {
	if base == 8 {
		return c >= '0' && c <= '7'
	}
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// class parses a bracket expression after its '[': items, ranges, nested classes, POSIX brackets and &&
// intersections. Under (?i) the set is closed under case folding before a ^ negates it (Oniguruma's
// CASE_FOLD_IS_APPLIED_INSIDE_NEGATIVE_CCLASS).
func (p *parser) class(f flags, depth int) (runeSet, error) {
	if depth > maxNesting {
		return nil, p.errorf("nesting deeper than %d", maxNesting)
	}
	negate := p.eat("^")
	var acc, intersection runeSet
	intersecting, first := false, true
	for {
		if !p.more() {
			return nil, p.errorf("premature end of char-class")
		}
		if p.peek() == ']' && !first {
			p.pos++
			break
		}
		first = false
		if p.eat("&&") {
			if intersecting {
				intersection = intersection.intersect(acc)
			} else {
				intersection, intersecting = acc, true
			}
			acc = nil
			continue
		}
		set, lo, isSet, err := p.classItem(f, depth)
		if err != nil {
			return nil, err
		}
		if isSet {
			acc = acc.union(set)
			continue
		}
		hi := lo
		if p.peek() == '-' && p.pos+1 < len(p.src) && p.src[p.pos+1] != ']' {
			p.pos++
			_, h, hiIsSet, err := p.classItem(f, depth)
			if err != nil {
				return nil, err
			}
			if hiIsSet {
				return nil, p.errorf("char-class value at end of range")
			}
			if h < lo {
				return nil, p.errorf("empty range in char class")
			}
			hi = h
		}
		acc = acc.union([]runeRange{{lo, hi}})
	}
	if intersecting {
		acc = intersection.intersect(acc)
	}
	if f.fold {
		acc = acc.foldClosure()
	}
	if negate {
		acc = acc.negate()
	}
	return acc, nil
}

// classItem parses one member of a bracket expression: either a set (isSet) or a single character.
func (p *parser) classItem(f flags, depth int) (set runeSet, r rune, isSet bool, err error) {
	switch {
	case p.eat("[:"):
		end := strings.Index(p.src[p.pos:], ":]")
		if end < 0 {
			return nil, 0, false, p.errorf("invalid POSIX bracket type")
		}
		name, negate := p.src[p.pos:p.pos+end], false
		if strings.HasPrefix(name, "^") {
			name, negate = name[1:], true
		}
		if set, err = posixBracketSet(name); err != nil {
			return nil, 0, false, p.errorf("%v", err)
		}
		p.pos += end + 2
		if negate {
			set = set.negate()
		}
		return set, 0, true, nil
	case p.eat("["):
		set, err = p.class(f, depth+1)
		return set, 0, true, err
	case p.eat("\\"):
		if !p.more() {
			return nil, 0, false, p.errorf("end pattern at escape")
		}
		if set, ok, err := p.escapedSet(true); err != nil || ok {
			return set, 0, ok, err
		}
		c := p.next()
		if c == 'b' {
			return nil, '\b', false, nil // backspace inside a class
		}
		r, err = p.escapedRune(c)
		return nil, r, false, err
	}
	return nil, p.next(), false, nil
}
