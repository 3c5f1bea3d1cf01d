package jinja

import (
	"strconv"
)

type parser struct {
	toks     []token
	pos      int
	depth    int
	maxDepth int
	macros   []map[string]bool // names referenced inside each macro being parsed
}

func parse(src string, maxDepth int) ([]node, error) {
	toks, err := tokenize(normalizeSource(src))
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, maxDepth: maxDepth}
	body, end, err := p.parseBody()
	if err != nil {
		return nil, err
	}
	if end != "" {
		return nil, p.errorf("unexpected '%s'", end)
	}
	return body, nil
}

func (p *parser) cur() token  { return p.toks[p.pos] }
func (p *parser) peek() token { return p.toks[min(p.pos+1, len(p.toks)-1)] }
func (p *parser) next() token {
	t := p.toks[p.pos]
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

func (p *parser) errorf(format string, args ...any) error {
	return syntaxErrorf(p.cur().line, format, args...)
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > p.maxDepth {
		return &LimitError{Limit: "depth", Max: p.maxDepth}
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) isOp(op string) bool { t := p.cur(); return t.kind == tokOp && t.val == op }
func (p *parser) isName(n string) bool {
	t := p.cur()
	return t.kind == tokName && t.val == n
}

func (p *parser) skipOp(op string) bool {
	if p.isOp(op) {
		p.next()
		return true
	}
	return false
}

func (p *parser) skipName(n string) bool {
	if p.isName(n) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectOp(op string) error {
	if !p.skipOp(op) {
		return p.errorf("expected '%s', got %s", op, describe(p.cur()))
	}
	return nil
}

func (p *parser) expectName() (string, error) {
	t := p.cur()
	if t.kind != tokName {
		return "", p.errorf("expected a name, got %s", describe(t))
	}
	p.next()
	return t.val, nil
}

func (p *parser) expectBlockEnd() error {
	if p.cur().kind != tokBlockEnd {
		return p.errorf("expected end of statement block, got %s", describe(p.cur()))
	}
	p.next()
	return nil
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of template"
	case tokBlockEnd:
		return "end of statement block"
	case tokPrintEnd:
		return "end of print statement"
	case tokString:
		return strconv.Quote(t.val)
	}
	return "'" + t.val + "'"
}

// parseBody parses nodes until EOF or a block tag whose keyword closes the enclosing statement; it returns that
// keyword with the parser positioned after it (the rest of that tag is left to the caller).
func (p *parser) parseBody() ([]node, string, error) {
	if err := p.enter(); err != nil {
		return nil, "", err
	}
	defer p.leave()
	var body []node
	for {
		t := p.next()
		switch t.kind {
		case tokEOF:
			return body, "", nil
		case tokText:
			body = append(body, &textNode{text: t.val})
		case tokPrintBegin:
			e, err := p.parseTuple(true)
			if err != nil {
				return nil, "", err
			}
			if p.cur().kind != tokPrintEnd {
				return nil, "", p.errorf("expected end of print statement, got %s", describe(p.cur()))
			}
			p.next()
			body = append(body, &outputNode{expr: e})
		case tokBlockBegin:
			kw := p.cur()
			if kw.kind != tokName {
				return nil, "", p.errorf("expected a statement name, got %s", describe(kw))
			}
			if isEndKeyword(kw.val) {
				p.next()
				return body, kw.val, nil
			}
			n, err := p.parseStatement()
			if err != nil {
				return nil, "", err
			}
			if n != nil {
				body = append(body, n)
			}
		default:
			return nil, "", p.errorf("unexpected %s", describe(t))
		}
	}
}

func isEndKeyword(s string) bool {
	switch s {
	case "endif", "elif", "else", "endfor", "endset", "endmacro", "endcall", "endfilter", "endwith",
		"endblock", "endgeneration", "endraw", "endautoescape":
		return true
	}
	return false
}

// parseBodyUntil parses a body that must end with one of the given keywords.
func (p *parser) parseBodyUntil(ends ...string) ([]node, string, error) {
	body, end, err := p.parseBody()
	if err != nil {
		return nil, "", err
	}
	for _, e := range ends {
		if end == e {
			return body, end, nil
		}
	}
	if end == "" {
		return nil, "", p.errorf("unexpected end of template, expected '%s'", ends[0])
	}
	return nil, "", p.errorf("unexpected '%s', expected '%s'", end, ends[0])
}
