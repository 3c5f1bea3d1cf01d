package jinja

import (
	"math"
	"strings"
)

// asNumber reports v as a number; bool counts, as in Python.
func asNumber(v Value) (i int64, f float64, isFloat, ok bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return 1, 1, false, true
		}
		return 0, 0, false, true
	case int64:
		return x, float64(x), false, true
	case float64:
		return 0, x, true, true
	}
	return 0, 0, false, false
}

func unaryOp(op string, v Value) (Value, error) {
	if op == "not" {
		return !truthy(v), nil
	}
	if u, ok := v.(Undefined); ok {
		return nil, u.err()
	}
	i, f, isFloat, ok := asNumber(v)
	if !ok {
		return nil, typeErrorf("bad operand type for unary %s: '%s'", op, typeName(v))
	}
	switch {
	case op == "+" && isFloat:
		return f, nil
	case op == "+":
		return i, nil
	case isFloat:
		return -f, nil
	}
	return -i, nil
}

func operandError(op string, a, b Value) error {
	return typeErrorf("unsupported operand type(s) for %s: '%s' and '%s'", op, typeName(a), typeName(b))
}

func (ev *evaluator) binaryOp(op string, a, b Value) (Value, error) {
	if u, ok := a.(Undefined); ok {
		return nil, u.err()
	}
	if u, ok := b.(Undefined); ok {
		return nil, u.err()
	}
	ai, af, aFloat, aNum := asNumber(a)
	bi, bf, bFloat, bNum := asNumber(b)
	if aNum && bNum {
		return numericOp(op, ai, af, aFloat, bi, bf, bFloat)
	}
	switch op {
	case "+":
		return ev.concat(a, b)
	case "*":
		if aNum && !aFloat {
			return ev.repeat(b, ai, a)
		}
		if bNum && !bFloat {
			return ev.repeat(a, bi, b)
		}
	case "%":
		if s, ok := a.(string); ok {
			return ev.percentFormat(s, b)
		}
	}
	return nil, operandError(op, a, b)
}

func (ev *evaluator) concat(a, b Value) (Value, error) {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if !ok {
			return nil, typeErrorf("can only concatenate str (not \"%s\") to str", typeName(b))
		}
		if err := ev.size(len(x) + len(y)); err != nil {
			return nil, err
		}
		return x + y, nil
	case *List:
		y, ok := b.(*List)
		if !ok || y.Tuple != x.Tuple {
			return nil, typeErrorf("can only concatenate %s (not \"%s\") to %s", typeName(a), typeName(b), typeName(a))
		}
		if err := ev.step(len(x.Items) + len(y.Items)); err != nil {
			return nil, err
		}
		items := make([]Value, 0, len(x.Items)+len(y.Items))
		return &List{Items: append(append(items, x.Items...), y.Items...), Tuple: x.Tuple}, nil
	}
	return nil, operandError("+", a, b)
}

// repeat is str * int and list * int, charged against the budget before anything is allocated.
func (ev *evaluator) repeat(seq Value, n int64, nv Value) (Value, error) {
	if n < 0 {
		n = 0
	}
	switch x := seq.(type) {
	case string:
		if len(x) > 0 && n > int64(ev.lim.MaxOutputBytes/len(x)) {
			return nil, &LimitError{Limit: "output", Max: ev.lim.MaxOutputBytes}
		}
		return strings.Repeat(x, int(n)), nil
	case *List:
		if len(x.Items) > 0 && n > int64(ev.lim.MaxSteps/len(x.Items)) {
			return nil, &LimitError{Limit: "steps", Max: ev.lim.MaxSteps}
		}
		if err := ev.step(len(x.Items) * int(n)); err != nil {
			return nil, err
		}
		items := make([]Value, 0, len(x.Items)*int(n))
		for range n {
			items = append(items, x.Items...)
		}
		return &List{Items: items, Tuple: x.Tuple}, nil
	}
	return nil, operandError("*", seq, nv)
}

func numericOp(op string, ai int64, af float64, aFloat bool, bi int64, bf float64, bFloat bool) (Value, error) {
	isFloat := aFloat || bFloat
	switch op {
	case "+":
		if !isFloat {
			if s := ai + bi; (s > ai) == (bi > 0) {
				return s, nil
			}
		}
		return af + bf, nil
	case "-":
		if !isFloat {
			if d := ai - bi; (d < ai) == (bi > 0) {
				return d, nil
			}
		}
		return af - bf, nil
	case "*":
		if !isFloat {
			if ai == 0 || bi == 0 {
				return int64(0), nil
			}
			if p := ai * bi; p/bi == ai && !(ai == -1 && bi == math.MinInt64) && !(bi == -1 && ai == math.MinInt64) {
				return p, nil
			}
		}
		return af * bf, nil
	case "/":
		if bf == 0 {
			return nil, &EvalError{Kind: "ZeroDivisionError", Msg: "division by zero"}
		}
		return af / bf, nil
	case "//":
		if bf == 0 {
			return nil, &EvalError{Kind: "ZeroDivisionError", Msg: "integer division or modulo by zero"}
		}
		if !isFloat {
			q := ai / bi
			if (ai%bi != 0) && ((ai < 0) != (bi < 0)) {
				q--
			}
			return q, nil
		}
		return math.Floor(af / bf), nil
	case "%":
		if bf == 0 {
			return nil, &EvalError{Kind: "ZeroDivisionError", Msg: "integer division or modulo by zero"}
		}
		if !isFloat {
			m := ai % bi
			if m != 0 && (m < 0) != (bi < 0) {
				m += bi
			}
			return m, nil
		}
		m := math.Mod(af, bf)
		if m != 0 && (m < 0) != (bf < 0) {
			m += bf
		}
		return m, nil
	case "**":
		if !isFloat && bi >= 0 {
			return intPow(ai, bi), nil
		}
		return math.Pow(af, bf), nil
	}
	return nil, typeErrorf("unknown operator %s", op)
}

// valuesEqual is Python's ==.
func valuesEqual(a, b Value) bool {
	if _, ok := a.(Undefined); ok {
		_, ok2 := b.(Undefined)
		return ok2
	}
	_, af, _, aNum := asNumber(a)
	_, bf, _, bNum := asNumber(b)
	if aNum || bNum {
		if ai, ok := a.(int64); ok {
			if bi, ok := b.(int64); ok {
				return ai == bi
			}
		}
		return aNum && bNum && af == bf
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case *List:
		y, ok := b.(*List)
		if !ok || x.Tuple != y.Tuple || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !valuesEqual(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *Dict:
		y, ok := b.(*Dict)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i, k := range x.keys {
			v, ok := y.Get(k)
			if !ok || !valuesEqual(x.vals[i], v) {
				return false
			}
		}
		return true
	}
	return a == b
}

func compare(op string, a, b Value) (bool, error) {
	switch op {
	case "==":
		return valuesEqual(a, b), nil
	case "!=":
		return !valuesEqual(a, b), nil
	case "in":
		return contains(b, a)
	case "notin":
		ok, err := contains(b, a)
		return !ok, err
	}
	c, err := order(op, a, b)
	if err != nil {
		return false, err
	}
	switch op {
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	}
	return c >= 0, nil
}

// order compares a and b for <, <=, >, >= (numbers, strings, lists and tuples), or raises TypeError as Python does.
func order(op string, a, b Value) (int, error) {
	for _, v := range []Value{a, b} {
		if u, ok := v.(Undefined); ok {
			return 0, u.err()
		}
	}
	_, af, _, aNum := asNumber(a)
	_, bf, _, bNum := asNumber(b)
	switch {
	case aNum && bNum:
		ai, aInt := a.(int64)
		bi, bInt := b.(int64)
		if aInt && bInt {
			return cmpInt(ai, bi), nil
		}
		switch {
		case af < bf:
			return -1, nil
		case af > bf:
			return 1, nil
		}
		return 0, nil
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	case *List:
		if y, ok := b.(*List); ok && x.Tuple == y.Tuple {
			for i := 0; i < len(x.Items) && i < len(y.Items); i++ {
				if valuesEqual(x.Items[i], y.Items[i]) {
					continue
				}
				return order(op, x.Items[i], y.Items[i])
			}
			return cmpInt(int64(len(x.Items)), int64(len(y.Items))), nil
		}
	}
	return 0, typeErrorf("'%s' not supported between instances of '%s' and '%s'", op, typeName(a), typeName(b))
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// contains is Python's "needle in container".
func contains(container, needle Value) (bool, error) {
	switch c := container.(type) {
	case string:
		s, ok := needle.(string)
		if !ok {
			return false, typeErrorf("'in <string>' requires string as left operand, not %s", typeName(needle))
		}
		return strings.Contains(c, s), nil
	case *List:
		for _, it := range c.Items {
			if valuesEqual(it, needle) {
				return true, nil
			}
		}
		return false, nil
	case *Dict:
		_, ok := c.Get(needle)
		return ok, nil
	case Undefined:
		return false, nil
	case *namespace:
		_, ok := c.attrs.Get(needle)
		return ok, nil
	}
	return false, typeErrorf("argument of type '%s' is not iterable", typeName(container))
}

// intPow is int ** non-negative int; results past int64 become floats.
func intPow(base, exp int64) Value {
	switch base {
	case 0, 1:
		if exp == 0 {
			return int64(1)
		}
		return base
	case -1:
		if exp%2 == 0 {
			return int64(1)
		}
		return int64(-1)
	}
	r := int64(1)
	for range exp {
		next := r * base
		if next/base != r {
			return math.Pow(float64(base), float64(exp))
		}
		r = next
	}
	return r
}
