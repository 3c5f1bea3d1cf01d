package jinja

func (p *parser) parseStatement() (node, error) {
	kw := p.next().val
	switch kw {
	case "if":
		return p.parseIf()
	case "for":
		return p.parseFor()
	case "set":
		return p.parseSet()
	case "macro":
		return p.parseMacro()
	case "call":
		return p.parseCallBlock()
	case "filter":
		return p.parseFilterBlock()
	case "with":
		return p.parseWith()
	case "print":
		e, err := p.parseTuple(true)
		if err != nil {
			return nil, err
		}
		return &outputNode{expr: e}, p.expectBlockEnd()
	case "break", "continue":
		if err := p.expectBlockEnd(); err != nil {
			return nil, err
		}
		if kw == "break" {
			return &breakNode{}, nil
		}
		return &continueNode{}, nil
	case "generation":
		return p.parseScope("endgeneration")
	case "autoescape":
		if _, err := p.parseExpression(true); err != nil {
			return nil, err
		}
		return p.parseScope("endautoescape")
	case "block":
		if _, err := p.expectName(); err != nil {
			return nil, err
		}
		for p.skipName("scoped") || p.skipName("required") {
		}
		return p.parseScope("endblock")
	}
	return nil, syntaxErrorf(p.cur().line, "encountered unknown or unsupported tag '%s'", kw)
}

func (p *parser) parseScope(end string) (node, error) {
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	body, _, err := p.parseBodyUntil(end)
	if err != nil {
		return nil, err
	}
	if end == "endblock" && p.cur().kind == tokName {
		p.next()
	}
	return &scopeNode{body: body}, p.expectBlockEnd()
}

func (p *parser) parseIf() (node, error) {
	cond, err := p.parseTuple(false)
	if err != nil {
		return nil, err
	}
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	n := &ifNode{cond: cond}
	body, end, err := p.parseBodyUntil("endif", "elif", "else")
	if err != nil {
		return nil, err
	}
	n.body = body
	switch end {
	case "elif":
		elif, err := p.parseIf()
		if err != nil {
			return nil, err
		}
		n.else_ = []node{elif}
		return n, nil
	case "else":
		if err := p.expectBlockEnd(); err != nil {
			return nil, err
		}
		if n.else_, _, err = p.parseBodyUntil("endif"); err != nil {
			return nil, err
		}
	}
	return n, p.expectBlockEnd()
}

func (p *parser) parseFor() (node, error) {
	target, err := p.parseAssignTarget(false)
	if err != nil {
		return nil, err
	}
	if !p.skipName("in") {
		return nil, p.errorf("expected 'in', got %s", describe(p.cur()))
	}
	iter, err := p.parseTupleNoCond()
	if err != nil {
		return nil, err
	}
	n := &forNode{target: target, iter: iter}
	if p.skipName("if") {
		if n.filter, err = p.parseExpression(true); err != nil {
			return nil, err
		}
	}
	n.recursive = p.skipName("recursive")
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	body, end, err := p.parseBodyUntil("endfor", "else")
	if err != nil {
		return nil, err
	}
	n.body = body
	if end == "else" {
		if err := p.expectBlockEnd(); err != nil {
			return nil, err
		}
		if n.else_, _, err = p.parseBodyUntil("endfor"); err != nil {
			return nil, err
		}
	}
	return n, p.expectBlockEnd()
}

// parseAssignTarget parses a name, a tuple of names, or (for set) a namespace attribute.
func (p *parser) parseAssignTarget(withNamespace bool) (expr, error) {
	if withNamespace && p.peek().kind == tokOp && p.peek().val == "." {
		obj, _ := p.expectName()
		p.next()
		attr, err := p.expectName()
		if err != nil {
			return nil, err
		}
		return &attrExpr{obj: &nameExpr{name: obj}, name: attr}, nil
	}
	paren := p.skipOp("(")
	var names []expr
	for {
		n, err := p.expectName()
		if err != nil {
			return nil, err
		}
		names = append(names, &nameExpr{name: n})
		if !p.skipOp(",") || p.isName("in") || p.isOp("=") || p.isOp(")") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if len(names) == 1 && !paren {
		return names[0], nil
	}
	return &tupleExpr{items: names}, nil
}

func (p *parser) parseSet() (node, error) {
	target, err := p.parseAssignTarget(true)
	if err != nil {
		return nil, err
	}
	if p.skipOp("=") {
		v, err := p.parseTuple(true)
		if err != nil {
			return nil, err
		}
		return &setNode{target: target, value: v}, p.expectBlockEnd()
	}
	n := &setBlockNode{target: target}
	for p.skipOp("|") {
		f, err := p.parseFilter(nil)
		if err != nil {
			return nil, err
		}
		n.filters = append(n.filters, f)
	}
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	if n.body, _, err = p.parseBodyUntil("endset"); err != nil {
		return nil, err
	}
	return n, p.expectBlockEnd()
}

// parseParams parses a macro or call-block signature: (a, b=default, …).
func (p *parser) parseParams(m *macroDef) error {
	if err := p.expectOp("("); err != nil {
		return err
	}
	for !p.skipOp(")") {
		if len(m.params) > 0 {
			if err := p.expectOp(","); err != nil {
				return err
			}
			if p.skipOp(")") {
				break
			}
		}
		name, err := p.expectName()
		if err != nil {
			return err
		}
		m.params = append(m.params, name)
		if p.skipOp("=") {
			d, err := p.parseExpression(true)
			if err != nil {
				return err
			}
			m.defaults = append(m.defaults, d)
		} else if len(m.defaults) > 0 {
			return p.errorf("non-default argument follows default argument")
		}
	}
	return nil
}

func (p *parser) parseMacroBody(m *macroDef, end string) error {
	refs := map[string]bool{}
	p.macros = append(p.macros, refs)
	body, _, err := p.parseBodyUntil(end)
	p.macros = p.macros[:len(p.macros)-1]
	if err != nil {
		return err
	}
	m.body = body
	m.usesCaller, m.usesVarargs, m.usesKwargs = refs["caller"], refs["varargs"], refs["kwargs"]
	return p.expectBlockEnd()
}

func (p *parser) parseMacro() (node, error) {
	name, err := p.expectName()
	if err != nil {
		return nil, err
	}
	m := &macroDef{name: name}
	if err := p.parseParams(m); err != nil {
		return nil, err
	}
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	if err := p.parseMacroBody(m, "endmacro"); err != nil {
		return nil, err
	}
	return &macroNode{name: name, m: m}, nil
}

func (p *parser) parseCallBlock() (node, error) {
	caller := &macroDef{name: "caller"}
	if p.isOp("(") {
		if err := p.parseParams(caller); err != nil {
			return nil, err
		}
	}
	e, err := p.parseExpression(true)
	if err != nil {
		return nil, err
	}
	call, ok := e.(*callExpr)
	if !ok {
		return nil, p.errorf("expected call")
	}
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	if err := p.parseMacroBody(caller, "endcall"); err != nil {
		return nil, err
	}
	return &callBlockNode{call: call, caller: caller}, nil
}

func (p *parser) parseFilterBlock() (node, error) {
	n := &filterBlockNode{}
	for {
		f, err := p.parseFilter(nil)
		if err != nil {
			return nil, err
		}
		n.filters = append(n.filters, f)
		if !p.skipOp("|") {
			break
		}
	}
	if err := p.expectBlockEnd(); err != nil {
		return nil, err
	}
	body, _, err := p.parseBodyUntil("endfilter")
	if err != nil {
		return nil, err
	}
	n.body = body
	return n, p.expectBlockEnd()
}

func (p *parser) parseWith() (node, error) {
	n := &withNode{}
	for p.cur().kind != tokBlockEnd {
		if len(n.targets) > 0 {
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
		}
		t, err := p.parseAssignTarget(false)
		if err != nil {
			return nil, err
		}
		if err := p.expectOp("="); err != nil {
			return nil, err
		}
		v, err := p.parseExpression(true)
		if err != nil {
			return nil, err
		}
		n.targets, n.values = append(n.targets, t), append(n.values, v)
	}
	p.next()
	body, _, err := p.parseBodyUntil("endwith")
	if err != nil {
		return nil, err
	}
	n.body = body
	return n, p.expectBlockEnd()
}
