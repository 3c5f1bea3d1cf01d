package jinja

func (ev *evaluator) applyTest(t *testExpr, sc *scope) (Value, error) {
	v, err := ev.eval(t.arg, sc)
	if err != nil {
		return nil, err
	}
	args, kwargs, err := ev.evalArgs(t.call, sc)
	if err != nil {
		return nil, err
	}
	ok, err := ev.runTest(t.name, v, args, kwargs)
	if err != nil {
		return nil, err
	}
	return ok != t.negate, nil
}

func oneArg(name string, args []Value) (Value, error) {
	if len(args) != 1 {
		return nil, typeErrorf("test '%s' takes exactly one argument", name)
	}
	return args[0], nil
}

// runTest evaluates the Jinja2 test called name ("x is name(args)").
func (ev *evaluator) runTest(name string, v Value, args []Value, kwargs *Dict) (bool, error) {
	switch name {
	case "defined", "undefined":
		_, undef := v.(Undefined)
		return undef == (name == "undefined"), nil
	case "none":
		return v == nil, nil
	case "boolean":
		_, ok := v.(bool)
		return ok, nil
	case "true", "false":
		b, ok := v.(bool)
		return ok && b == (name == "true"), nil
	case "integer":
		_, ok := v.(int64)
		return ok, nil
	case "float":
		_, ok := v.(float64)
		return ok, nil
	case "number":
		_, _, _, ok := asNumber(v)
		return ok, nil
	case "string":
		_, ok := v.(string)
		return ok, nil
	case "mapping":
		_, ok := v.(*Dict)
		return ok, nil
	case "iterable":
		switch v.(type) {
		case string, *List, *Dict, Undefined:
			return true, nil
		}
		return false, nil
	case "sequence":
		switch v.(type) {
		case string, *List, *Dict, Undefined:
			return true, nil
		}
		return false, nil
	case "callable":
		switch v.(type) {
		case Func, *macro, boundMethod:
			return true, nil
		}
		return false, nil
	case "escaped":
		return false, nil
	case "lower", "upper":
		s, ok := v.(string)
		return ok && pyCaseCheck(s, name == "upper"), nil
	case "odd", "even", "divisibleby":
		return numberTest(name, v, args)
	case "filter":
		_, ok := filters[str(v)]
		return ok, nil
	case "test":
		_, ok := testNames[str(v)]
		return ok, nil
	case "sameas":
		other, err := oneArg(name, args)
		if err != nil {
			return false, err
		}
		return sameAs(v, other), nil
	}
	if op, ok := comparisonTests[name]; ok {
		other, err := oneArg(name, args)
		if err != nil {
			return false, err
		}
		return compare(op, v, other)
	}
	return false, &EvalError{Kind: "TemplateAssertionError", Msg: "No test named '" + name + "'."}
}

var comparisonTests = map[string]string{
	"eq": "==", "equalto": "==", "==": "==", "ne": "!=", "!=": "!=", "lt": "<", "lessthan": "<", "<": "<",
	"le": "<=", "<=": "<=", "gt": ">", "greaterthan": ">", ">": ">", "ge": ">=", ">=": ">=", "in": "in",
}

var testNames = map[string]bool{
	"defined": true, "undefined": true, "none": true, "boolean": true, "true": true, "false": true,
	"integer": true, "float": true, "number": true, "string": true, "mapping": true, "iterable": true,
	"sequence": true, "callable": true, "escaped": true, "lower": true, "upper": true, "odd": true,
	"even": true, "divisibleby": true, "filter": true, "test": true, "sameas": true, "eq": true,
	"equalto": true, "ne": true, "lt": true, "lessthan": true, "le": true, "gt": true, "greaterthan": true,
	"ge": true, "in": true, "==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
}

func numberTest(name string, v Value, args []Value) (bool, error) {
	i, f, isFloat, ok := asNumber(v)
	if !ok {
		return false, typeErrorf("unsupported operand type(s) for %%: '%s' and 'int'", typeName(v))
	}
	div := int64(2)
	if name == "divisibleby" {
		d, err := oneArg(name, args)
		if err != nil {
			return false, err
		}
		if div, ok = d.(int64); !ok || div == 0 {
			return false, typeErrorf("divisibleby needs a non-zero integer")
		}
	}
	var rem float64
	if isFloat {
		m, _ := numericOp("%", 0, f, true, div, float64(div), false)
		rem = m.(float64)
	} else {
		m, _ := numericOp("%", i, f, false, div, float64(div), false)
		rem = float64(m.(int64))
	}
	if name == "odd" {
		return rem == 1, nil
	}
	return rem == 0, nil
}

// sameAs approximates Python's "is": identity for containers, equal type and value for scalars.
func sameAs(a, b Value) bool {
	switch x := a.(type) {
	case *List, *Dict, *namespace, *macro, *loopContext:
		return a == b
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	}
	return a == b
}
