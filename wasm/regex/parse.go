package regex

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrSyntax is wrapped by every error about a pattern the engine cannot compile.
var ErrSyntax = errors.New("invalid or unsupported pattern")

// flags are the options (?imx) in force: i folds case, m lets . match \n (Ruby's meaning of m), x ignores
// white space and #-comments in the pattern.
type flags struct{ fold, dotAll, extended bool }

type parser struct {
	src string
	pos int
}

func parse(src string) (*node, error) {
	if !utf8.ValidString(src) {
		return nil, fmt.Errorf("%w: pattern is not valid UTF-8", ErrSyntax)
	}
	p := &parser{src: src}
	n, err := p.alternation(flags{}, 0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		return nil, p.errorf("unmatched close parenthesis")
	}
	return n, nil
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrSyntax, fmt.Sprintf(format, args...), p.pos)
}

func (p *parser) more() bool { return p.pos < len(p.src) }

func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) next() rune {
	r, n := utf8.DecodeRuneInString(p.src[p.pos:])
	p.pos += n
	return r
}

func (p *parser) eat(prefix string) bool {
	if strings.HasPrefix(p.src[p.pos:], prefix) {
		p.pos += len(prefix)
		return true
	}
	return false
}

// skipExtended skips white space and comments under (?x).
func (p *parser) skipExtended(f flags) {
	for f.extended && p.more() {
		switch c := p.peek(); {
		case c == '#':
			for p.more() && p.peek() != '\n' {
				p.pos++
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) alternation(f flags, depth int) (*node, error) {
	if depth > maxNesting {
		return nil, p.errorf("nesting deeper than %d", maxNesting)
	}
	var alts []*node
	for {
		seq, err := p.sequence(f, depth)
		if err != nil {
			return nil, err
		}
		alts = append(alts, seq)
		if !p.eat("|") {
			break
		}
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{kind: nodeAlt, subs: alts}, nil
}

func (p *parser) sequence(f flags, depth int) (*node, error) {
	var items []*node
	for {
		p.skipExtended(f)
		if !p.more() || p.peek() == '|' || p.peek() == ')' {
			break
		}
		if inner, ok, err := p.optionSwitch(f); err != nil {
			return nil, err
		} else if ok {
			// Oniguruma: an isolated (?i) applies to the rest of the enclosing group, later alternatives
			// included, so a(?i)b|c is a(?i:b|c).
			rest, err := p.alternation(inner, depth+1)
			if err != nil {
				return nil, err
			}
			items = append(items, rest)
			break
		}
		atom, err := p.atom(f, depth)
		if err != nil {
			return nil, err
		}
		if atom, err = p.quantifiers(atom, f, depth); err != nil {
			return nil, err
		}
		items = append(items, atom)
	}
	switch len(items) {
	case 0:
		return &node{kind: nodeEmpty}, nil
	case 1:
		return items[0], nil
	}
	return &node{kind: nodeConcat, subs: items}, nil
}

// optionSwitch consumes an isolated option group such as (?i) or (?-i) and returns the flags after it.
func (p *parser) optionSwitch(f flags) (flags, bool, error) {
	if !strings.HasPrefix(p.src[p.pos:], "(?") {
		return f, false, nil
	}
	end := p.pos + 2
	for end < len(p.src) && strings.IndexByte("imx-", p.src[end]) >= 0 {
		end++
	}
	if end == p.pos+2 || end >= len(p.src) || p.src[end] != ')' {
		return f, false, nil
	}
	inner, err := applyOptions(f, p.src[p.pos+2:end])
	if err != nil {
		return f, false, p.errorf("%v", err)
	}
	p.pos = end + 1
	return inner, true, nil
}

func applyOptions(f flags, spec string) (flags, error) {
	on := true
	for _, c := range spec {
		switch c {
		case '-':
			if !on {
				return f, errors.New("invalid group option")
			}
			on = false
		case 'i':
			f.fold = on
		case 'm':
			f.dotAll = on
		case 'x':
			f.extended = on
		}
	}
	return f, nil
}

func (p *parser) atom(f flags, depth int) (*node, error) {
	start := p.pos
	c := p.next()
	switch c {
	case '(':
		return p.group(f, depth+1)
	case '[':
		set, err := p.class(f, 0)
		if err != nil {
			return nil, err
		}
		return &node{kind: nodeChar, set: set}, nil
	case '.':
		if f.dotAll {
			return &node{kind: nodeChar, set: setOf(runeRange{0, unicode.MaxRune})}, nil
		}
		return &node{kind: nodeChar, set: setOf(runeRange{'\n', '\n'}).negate()}, nil
	case '^':
		return &node{kind: nodeAssert, assert: assertLineBegin}, nil
	case '$':
		return &node{kind: nodeAssert, assert: assertLineEnd}, nil
	case '\\':
		return p.escape(f)
	case '*', '+', '?':
		p.pos = start
		return nil, p.errorf("target of repeat operator is not specified")
	case '{':
		p.pos = start
		if _, _, ok := p.interval(); ok {
			p.pos = start
			return nil, p.errorf("target of repeat operator is not specified")
		}
		p.pos = start + 1
	}
	return literal(c, f), nil
}

func literal(c rune, f flags) *node {
	set := setOf(runeRange{c, c})
	if f.fold {
		set = set.foldClosure()
	}
	return &node{kind: nodeChar, set: set}
}

func (p *parser) group(f flags, depth int) (*node, error) {
	if depth > maxNesting {
		return nil, p.errorf("nesting deeper than %d", maxNesting)
	}
	wrap := func(look lookKind) (*node, error) {
		sub, err := p.groupBody(f, depth)
		if err != nil {
			return nil, err
		}
		return &node{kind: nodeLook, look: look, subs: []*node{sub}}, nil
	}
	enclose := func(n *node, err error) (*node, error) {
		if n != nil {
			n.group = true
		}
		return n, err
	}
	switch {
	case !p.eat("?"):
		return enclose(p.groupBody(f, depth)) // captures only group: nothing reads them
	case p.eat(":"):
		return p.groupBody(f, depth)
	case p.eat("="):
		return wrap(lookAhead)
	case p.eat("!"):
		return wrap(lookAheadNot)
	case p.eat("<="):
		return wrap(lookBehind)
	case p.eat("<!"):
		return wrap(lookBehindNot)
	case p.eat(">"):
		return wrap(lookAtomic)
	case p.eat("#"):
		for p.more() && p.peek() != ')' {
			p.next()
		}
		if !p.eat(")") {
			return nil, p.errorf("end pattern in group")
		}
		return &node{kind: nodeEmpty}, nil
	case p.peek() == '<' || p.peek() == '\'':
		closer := ">"
		if p.next() == '\'' {
			closer = "'"
		}
		end := strings.Index(p.src[p.pos:], closer)
		if end <= 0 {
			return nil, p.errorf("invalid group name")
		}
		p.pos += end + 1
		return enclose(p.groupBody(f, depth))
	}
	end := p.pos
	for end < len(p.src) && strings.IndexByte("imx-", p.src[end]) >= 0 {
		end++
	}
	if end == p.pos || end >= len(p.src) || p.src[end] != ':' {
		return nil, p.errorf("undefined group option")
	}
	inner, err := applyOptions(f, p.src[p.pos:end])
	if err != nil {
		return nil, p.errorf("%v", err)
	}
	p.pos = end + 1
	return enclose(p.groupBody(inner, depth))
}

func (p *parser) groupBody(f flags, depth int) (*node, error) {
	n, err := p.alternation(f, depth)
	if err != nil {
		return nil, err
	}
	if !p.eat(")") {
		return nil, p.errorf("end pattern with unmatched parenthesis")
	}
	return n, nil
}

// interval parses {n}, {n,}, {,m} or {n,m} at p.pos. When the text is no valid interval it returns ok false
// and the brace is a literal (Oniguruma's ALLOW_INVALID_INTERVAL).
func (p *parser) interval() (lo, hi int, ok bool) {
	start := p.pos
	defer func() {
		if !ok {
			p.pos = start
		}
	}()
	if !p.eat("{") {
		return 0, 0, false
	}
	lo, hasLo := p.number()
	hi = lo
	if p.eat(",") {
		var hasHi bool
		if hi, hasHi = p.number(); !hasHi {
			hi = -1
		}
		if !hasLo {
			if !hasHi {
				return 0, 0, false
			}
			lo = 0
		}
	} else if !hasLo {
		return 0, 0, false
	}
	if !p.eat("}") {
		return 0, 0, false
	}
	return lo, hi, true
}

func (p *parser) number() (int, bool) {
	start := p.pos
	for p.more() && p.peek() >= '0' && p.peek() <= '9' {
		p.pos++
	}
	if p.pos == start {
		return 0, false
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	if err != nil || n > maxRepeat {
		return maxRepeat + 1, true
	}
	return n, true
}

func (p *parser) quantifiers(atom *node, f flags, depth int) (*node, error) {
	for {
		p.skipExtended(f)
		if !p.more() {
			return atom, nil
		}
		start := p.pos
		lo, hi, isInterval := p.interval()
		if !isInterval {
			switch p.peek() {
			case '*':
				lo, hi = 0, -1
			case '+':
				lo, hi = 1, -1
			case '?':
				lo, hi = 0, 1
			default:
				return atom, nil
			}
			p.pos++
		}
		if lo > maxRepeat || hi > maxRepeat {
			p.pos = start
			return nil, p.errorf("too big number for repeat range")
		}
		if hi >= 0 && lo > hi {
			p.pos = start
			return nil, p.errorf("upper bound is smaller than lower bound in repeat range")
		}
		if invalidQuantifierTarget(atom) {
			p.pos = start
			return nil, p.errorf("target of repeat operator is invalid")
		}
		if depth++; depth > maxNesting {
			return nil, p.errorf("nesting deeper than %d", maxNesting)
		}
		rep := &node{kind: nodeRepeat, min: lo, max: hi, subs: []*node{atom}}
		switch {
		case isInterval && lo == hi:
			// FIXED_INTERVAL_IS_GREEDY_ONLY: a{n}? is (?:a{n})?, so the ? is the next quantifier.
		case p.peek() == '?':
			p.pos++
			rep.lazy = true
		case p.peek() == '+' && !isInterval:
			// PLUS_POSSESSIVE_REPEAT covers ?+ *+ ++; a{n,m}+ is (?:a{n,m})+.
			p.pos++
			rep.possessive = true
		}
		atom = rep
	}
}

// invalidQuantifierTarget follows Oniguruma: an anchor or lookaround cannot be quantified, nor can a
// non-capturing group whose alternatives include one; enclosing groups and sequences can.
func invalidQuantifierTarget(n *node) bool {
	if n.group {
		return false
	}
	switch n.kind {
	case nodeAssert:
		return true
	case nodeLook:
		return n.look != lookAtomic
	case nodeAlt:
		for _, sub := range n.subs {
			if invalidQuantifierTarget(sub) {
				return true
			}
		}
	}
	return false
}
