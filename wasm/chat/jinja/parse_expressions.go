package jinja

import (
	"math/big"
	"strconv"
)

// parseTuple parses an expression or a bare tuple ("a, b"), as Jinja2's parse_tuple does.
func (p *parser) parseTuple(withCond bool) (expr, error) {
	return p.parseTupleUntil(withCond, false)
}

// parseTupleNoCond parses the iterable of a for loop, which ends at "if" or "recursive".
func (p *parser) parseTupleNoCond() (expr, error) { return p.parseTupleUntil(false, true) }

func (p *parser) isTupleEnd(forLoop bool) bool {
	t := p.cur()
	switch t.kind {
	case tokPrintEnd, tokBlockEnd, tokEOF:
		return true
	case tokOp:
		return t.val == ")"
	case tokName:
		return forLoop && (t.val == "recursive" || t.val == "if")
	}
	return false
}

func (p *parser) parseTupleUntil(withCond, forLoop bool) (expr, error) {
	var items []expr
	isTuple := false
	for {
		if len(items) > 0 {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
		if p.isTupleEnd(forLoop) {
			break
		}
		e, err := p.parseExpression(withCond)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
		if !p.isOp(",") {
			break
		}
		isTuple = true
	}
	if !isTuple {
		if len(items) == 0 {
			return nil, p.errorf("expected an expression, got %s", describe(p.cur()))
		}
		return items[0], nil
	}
	return &tupleExpr{items: items}, nil
}

func (p *parser) parseExpression(withCond bool) (expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if !withCond {
		return p.parseOr()
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	for p.skipName("if") {
		cond, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		var no expr
		if p.skipName("else") {
			if no, err = p.parseExpression(true); err != nil {
				return nil, err
			}
		}
		e = &condExpr{cond: cond, yes: e, no: no}
	}
	return e, nil
}

func (p *parser) parseOr() (expr, error) {
	left, err := p.parseAnd()
	for err == nil && p.skipName("or") {
		var right expr
		right, err = p.parseAnd()
		left = &binExpr{op: "or", left: left, right: right}
	}
	return left, err
}

func (p *parser) parseAnd() (expr, error) {
	left, err := p.parseNot()
	for err == nil && p.skipName("and") {
		var right expr
		right, err = p.parseNot()
		left = &binExpr{op: "and", left: left, right: right}
	}
	return left, err
}

func (p *parser) parseNot() (expr, error) {
	if p.skipName("not") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		arg, err := p.parseNot()
		return &unaryExpr{op: "not", arg: arg}, err
	}
	return p.parseCompare()
}

func (p *parser) parseCompare() (expr, error) {
	first, err := p.parseMath1()
	if err != nil {
		return nil, err
	}
	c := &compareExpr{first: first}
	for {
		t := p.cur()
		var op string
		switch {
		case t.kind == tokOp && (t.val == "==" || t.val == "!=" || t.val == "<" || t.val == "<=" || t.val == ">" || t.val == ">="):
			op = t.val
			p.next()
		case p.isName("in"):
			op = "in"
			p.next()
		case p.isName("not") && p.peek().kind == tokName && p.peek().val == "in":
			op = "notin"
			p.next()
			p.next()
		default:
			if len(c.ops) == 0 {
				return first, nil
			}
			return c, nil
		}
		right, err := p.parseMath1()
		if err != nil {
			return nil, err
		}
		c.ops, c.rest = append(c.ops, op), append(c.rest, right)
	}
}

func (p *parser) parseBinary(ops []string, operand func() (expr, error)) (expr, error) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		t := p.cur()
		matched := ""
		if t.kind == tokOp {
			for _, op := range ops {
				if t.val == op {
					matched = op
				}
			}
		}
		if matched == "" {
			return left, nil
		}
		p.next()
		right, err := operand()
		if err != nil {
			return nil, err
		}
		left = &binExpr{op: matched, left: left, right: right}
	}
}

func (p *parser) parseMath1() (expr, error) {
	return p.parseBinary([]string{"+", "-"}, p.parseConcat)
}

func (p *parser) parseConcat() (expr, error) {
	return p.parseBinary([]string{"~"}, p.parseMath2)
}

func (p *parser) parseMath2() (expr, error) {
	return p.parseBinary([]string{"*", "/", "//", "%"}, p.parsePow)
}

func (p *parser) parsePow() (expr, error) {
	return p.parseBinary([]string{"**"}, func() (expr, error) { return p.parseUnary(true) })
}

func (p *parser) parseUnary(withFilter bool) (expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	var e expr
	var err error
	switch {
	case p.isOp("-") || p.isOp("+"):
		op := p.next().val
		var arg expr
		if arg, err = p.parseUnary(false); err != nil {
			return nil, err
		}
		e = &unaryExpr{op: op, arg: arg}
	default:
		if e, err = p.parsePrimary(); err != nil {
			return nil, err
		}
	}
	if e, err = p.parsePostfix(e); err != nil {
		return nil, err
	}
	if withFilter {
		return p.parseFilterExpr(e)
	}
	return e, nil
}

func (p *parser) parsePrimary() (expr, error) {
	t := p.cur()
	switch t.kind {
	case tokName:
		p.next()
		switch t.val {
		case "true", "True":
			return &constExpr{v: true}, nil
		case "false", "False":
			return &constExpr{v: false}, nil
		case "none", "None":
			return &constExpr{v: nil}, nil
		}
		for _, refs := range p.macros {
			refs[t.val] = true
		}
		return &nameExpr{name: t.val}, nil
	case tokString:
		s := ""
		for p.cur().kind == tokString {
			s += p.next().val
		}
		return &constExpr{v: s}, nil
	case tokInt:
		p.next()
		return &constExpr{v: parseIntLiteral(t.val)}, nil
	case tokFloat:
		p.next()
		f, err := strconv.ParseFloat(t.val, 64)
		if err != nil {
			return nil, syntaxErrorf(t.line, "invalid float %q", t.val)
		}
		return &constExpr{v: f}, nil
	case tokOp:
		switch t.val {
		case "(":
			p.next()
			if p.skipOp(")") {
				return &tupleExpr{}, nil
			}
			e, err := p.parseTuple(true)
			if err != nil {
				return nil, err
			}
			if tup, ok := e.(*tupleExpr); ok && p.isOp(")") {
				p.next()
				return tup, nil
			}
			return e, p.expectOp(")")
		case "[":
			p.next()
			items, err := p.parseItems("]")
			return &listExpr{items: items}, err
		case "{":
			p.next()
			return p.parseDict()
		}
	}
	return nil, p.errorf("unexpected %s", describe(t))
}

// parseIntLiteral keeps integers that overflow int64 as floats: templates almost never hold such numbers and
// Python's arbitrary precision is out of scope.
func parseIntLiteral(s string) Value {
	if n, err := strconv.ParseInt(s, 0, 64); err == nil {
		return n
	}
	f, _, _ := big.ParseFloat(s, 0, 64, big.ToNearestEven)
	v, _ := f.Float64()
	return v
}

func (p *parser) parseItems(closer string) ([]expr, error) {
	var items []expr
	for !p.skipOp(closer) {
		if len(items) > 0 {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
			if p.skipOp(closer) {
				break
			}
		}
		e, err := p.parseExpression(true)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
	}
	return items, nil
}

func (p *parser) parseDict() (expr, error) {
	d := &dictExpr{}
	for !p.skipOp("}") {
		if len(d.keys) > 0 {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
			if p.skipOp("}") {
				break
			}
		}
		k, err := p.parseExpression(true)
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(":"); err != nil {
			return nil, err
		}
		v, err := p.parseExpression(true)
		if err != nil {
			return nil, err
		}
		d.keys, d.vals = append(d.keys, k), append(d.vals, v)
	}
	return d, nil
}

func (p *parser) parsePostfix(e expr) (expr, error) {
	for {
		var err error
		switch {
		case p.isOp("."):
			p.next()
			t := p.next()
			switch t.kind {
			case tokName:
				e = &attrExpr{obj: e, name: t.val}
			case tokInt:
				e = &itemExpr{obj: e, key: &constExpr{v: parseIntLiteral(t.val)}}
			default:
				return nil, syntaxErrorf(t.line, "expected name or number after '.'")
			}
		case p.isOp("["):
			p.next()
			if e, err = p.parseSubscript(e); err != nil {
				return nil, err
			}
		case p.isOp("("):
			if e, err = p.parseCall(e); err != nil {
				return nil, err
			}
		default:
			return e, nil
		}
	}
}

func (p *parser) parseSubscript(obj expr) (expr, error) {
	var parts []expr
	for !p.skipOp("]") {
		if len(parts) > 0 {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
		part, err := p.parseSubscribed(obj)
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	switch len(parts) {
	case 0:
		return nil, p.errorf("expected subscript")
	case 1:
		if s, ok := parts[0].(*sliceExpr); ok {
			return s, nil
		}
		return &itemExpr{obj: obj, key: parts[0]}, nil
	}
	return &itemExpr{obj: obj, key: &tupleExpr{items: parts}}, nil
}

// parseSubscribed parses one subscript: an expression or a slice start:stop:step with optional parts.
func (p *parser) parseSubscribed(obj expr) (expr, error) {
	var start expr
	var err error
	if !p.isOp(":") {
		if start, err = p.parseExpression(true); err != nil {
			return nil, err
		}
		if !p.isOp(":") {
			return start, nil
		}
	}
	p.next()
	s := &sliceExpr{obj: obj, start: start}
	if !p.isOp("]") && !p.isOp(",") && !p.isOp(":") {
		if s.stop, err = p.parseExpression(true); err != nil {
			return nil, err
		}
	}
	if p.skipOp(":") && !p.isOp("]") && !p.isOp(",") {
		if s.step, err = p.parseExpression(true); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (p *parser) parseCall(fn expr) (*callExpr, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	c := &callExpr{fn: fn}
	first := true
	for !p.skipOp(")") {
		if !first {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
			if p.skipOp(")") {
				break
			}
		}
		first = false
		switch {
		case p.isOp("*"):
			p.next()
			e, err := p.parseExpression(true)
			if err != nil {
				return nil, err
			}
			c.star = e
		case p.isOp("**"):
			p.next()
			e, err := p.parseExpression(true)
			if err != nil {
				return nil, err
			}
			c.starStar = e
		case p.cur().kind == tokName && p.peek().kind == tokOp && p.peek().val == "=":
			name := p.next().val
			p.next()
			e, err := p.parseExpression(true)
			if err != nil {
				return nil, err
			}
			c.kwNames, c.kwVals = append(c.kwNames, name), append(c.kwVals, e)
		default:
			e, err := p.parseExpression(true)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, e)
		}
	}
	return c, nil
}

func (p *parser) parseFilterExpr(e expr) (expr, error) {
	for {
		var err error
		switch {
		case p.isOp("|"):
			p.next()
			if e, err = p.parseFilter(e); err != nil {
				return nil, err
			}
		case p.isName("is"):
			p.next()
			if e, err = p.parseTest(e); err != nil {
				return nil, err
			}
		case p.isOp("("):
			if e, err = p.parseCall(e); err != nil {
				return nil, err
			}
		default:
			return e, nil
		}
	}
}

func (p *parser) parseDottedName() (string, error) {
	name, err := p.expectName()
	for err == nil && p.isOp(".") {
		p.next()
		var part string
		part, err = p.expectName()
		name += "." + part
	}
	return name, err
}

func (p *parser) parseFilter(arg expr) (*filterExpr, error) {
	name, err := p.parseDottedName()
	if err != nil {
		return nil, err
	}
	if _, ok := filters[name]; !ok {
		return nil, p.errorf("No filter named '%s'.", name)
	}
	f := &filterExpr{arg: arg, name: name, call: &callExpr{}}
	if p.isOp("(") {
		if f.call, err = p.parseCall(nil); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (p *parser) parseTest(arg expr) (expr, error) {
	negate := p.skipName("not")
	name, err := p.parseDottedName()
	if err != nil {
		return nil, err
	}
	if !testNames[name] {
		return nil, p.errorf("No test named '%s'.", name)
	}
	t := &testExpr{arg: arg, name: name, negate: negate, call: &callExpr{}}
	cur := p.cur()
	switch {
	case p.isOp("("):
		if t.call, err = p.parseCall(nil); err != nil {
			return nil, err
		}
	case cur.kind == tokString || cur.kind == tokInt || cur.kind == tokFloat ||
		(cur.kind == tokOp && (cur.val == "(" || cur.val == "[" || cur.val == "{")) ||
		(cur.kind == tokName && cur.val != "else" && cur.val != "or" && cur.val != "and"):
		if p.isName("is") {
			return nil, p.errorf("you cannot chain multiple tests with is")
		}
		a, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		if a, err = p.parsePostfix(a); err != nil {
			return nil, err
		}
		t.call.args = []expr{a}
	}
	return t, nil
}
