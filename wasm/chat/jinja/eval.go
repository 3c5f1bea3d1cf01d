package jinja

// eval evaluates an expression.
func (ev *evaluator) eval(e expr, sc *scope) (Value, error) {
	if err := ev.step(1); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case *constExpr:
		return e.v, nil
	case *nameExpr:
		return ev.lookup(e.name, sc), nil
	case *listExpr:
		items, err := ev.evalList(e.items, sc)
		return &List{Items: items}, err
	case *tupleExpr:
		items, err := ev.evalList(e.items, sc)
		return &List{Items: items, Tuple: true}, err
	case *dictExpr:
		d := NewDict()
		for i, ke := range e.keys {
			k, err := ev.eval(ke, sc)
			if err != nil {
				return nil, err
			}
			v, err := ev.eval(e.vals[i], sc)
			if err != nil {
				return nil, err
			}
			if err := d.Set(k, v); err != nil {
				return nil, err
			}
		}
		return d, nil
	case *attrExpr:
		obj, err := ev.eval(e.obj, sc)
		if err != nil {
			return nil, err
		}
		return getAttr(obj, e.name)
	case *itemExpr:
		obj, err := ev.eval(e.obj, sc)
		if err != nil {
			return nil, err
		}
		key, err := ev.eval(e.key, sc)
		if err != nil {
			return nil, err
		}
		return getItem(obj, key)
	case *sliceExpr:
		return ev.evalSlice(e, sc)
	case *unaryExpr:
		v, err := ev.eval(e.arg, sc)
		if err != nil {
			return nil, err
		}
		return unaryOp(e.op, v)
	case *binExpr:
		return ev.evalBinary(e, sc)
	case *compareExpr:
		return ev.evalCompare(e, sc)
	case *condExpr:
		c, err := ev.eval(e.cond, sc)
		if err != nil {
			return nil, err
		}
		if truthy(c) {
			return ev.eval(e.yes, sc)
		}
		if e.no == nil {
			return Undefined{hint: "the inline if-expression evaluated to false and no else section was defined."}, nil
		}
		return ev.eval(e.no, sc)
	case *callExpr:
		fn, err := ev.eval(e.fn, sc)
		if err != nil {
			return nil, err
		}
		args, kwargs, err := ev.evalArgs(e, sc)
		if err != nil {
			return nil, err
		}
		return ev.call(fn, args, kwargs)
	case *filterExpr:
		v, err := ev.eval(e.arg, sc)
		if err != nil {
			return nil, err
		}
		return ev.applyFilter(e, v, sc)
	case *testExpr:
		return ev.applyTest(e, sc)
	}
	return nil, syntaxErrorf(0, "unknown expression %T", e)
}

func (ev *evaluator) lookup(name string, sc *scope) Value {
	if v, ok := sc.lookup(name); ok {
		return v
	}
	if v, ok := ev.ext.Globals[name]; ok {
		return v
	}
	if f, ok := builtinGlobals[name]; ok {
		return f
	}
	return Undefined{hint: "'" + name + "' is undefined"}
}

func (ev *evaluator) evalList(es []expr, sc *scope) ([]Value, error) {
	out := make([]Value, len(es))
	for i, e := range es {
		v, err := ev.eval(e, sc)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// evalArgs evaluates call arguments, expanding *args and **kwargs.
func (ev *evaluator) evalArgs(c *callExpr, sc *scope) ([]Value, *Dict, error) {
	args, err := ev.evalList(c.args, sc)
	if err != nil {
		return nil, nil, err
	}
	kwargs := NewDict()
	for i, name := range c.kwNames {
		v, err := ev.eval(c.kwVals[i], sc)
		if err != nil {
			return nil, nil, err
		}
		kwargs.SetString(name, v)
	}
	if c.star != nil {
		v, err := ev.eval(c.star, sc)
		if err != nil {
			return nil, nil, err
		}
		items, err := ev.iterate(v)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, items...)
	}
	if c.starStar != nil {
		v, err := ev.eval(c.starStar, sc)
		if err != nil {
			return nil, nil, err
		}
		d, ok := v.(*Dict)
		if !ok {
			return nil, nil, typeErrorf("argument after ** must be a mapping, not %s", typeName(v))
		}
		for i, k := range d.keys {
			if err := kwargs.Set(k, d.vals[i]); err != nil {
				return nil, nil, err
			}
		}
	}
	return args, kwargs, nil
}

func (ev *evaluator) evalBinary(e *binExpr, sc *scope) (Value, error) {
	left, err := ev.eval(e.left, sc)
	if err != nil {
		return nil, err
	}
	switch e.op {
	case "and":
		if !truthy(left) {
			return left, nil
		}
		return ev.eval(e.right, sc)
	case "or":
		if truthy(left) {
			return left, nil
		}
		return ev.eval(e.right, sc)
	}
	right, err := ev.eval(e.right, sc)
	if err != nil {
		return nil, err
	}
	if e.op == "~" {
		l, r := ev.str(left), ev.str(right)
		if err := ev.size(len(l) + len(r)); err != nil {
			return nil, err
		}
		return l + r, nil
	}
	return ev.binaryOp(e.op, left, right)
}

func (ev *evaluator) evalCompare(e *compareExpr, sc *scope) (Value, error) {
	left, err := ev.eval(e.first, sc)
	if err != nil {
		return nil, err
	}
	for i, op := range e.ops {
		right, err := ev.eval(e.rest[i], sc)
		if err != nil {
			return nil, err
		}
		ok, err := compare(op, left, right)
		if err != nil || !ok {
			return false, err
		}
		left = right
	}
	return true, nil
}

func (ev *evaluator) evalSlice(e *sliceExpr, sc *scope) (Value, error) {
	obj, err := ev.eval(e.obj, sc)
	if err != nil {
		return nil, err
	}
	var bounds [3]Value
	for i, be := range []expr{e.start, e.stop, e.step} {
		if be == nil {
			continue
		}
		if bounds[i], err = ev.eval(be, sc); err != nil {
			return nil, err
		}
	}
	return slice(obj, bounds[0], bounds[1], bounds[2])
}
