package jinja

import (
	"errors"
	"strings"
)

var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

type evaluator struct {
	budget
	ext Extensions
	out *strings.Builder
}

func (ev *evaluator) write(s string) error {
	if err := ev.size(ev.out.Len() + len(s)); err != nil {
		return err
	}
	ev.out.WriteString(s)
	return nil
}

func (ev *evaluator) execBody(body []node, sc *scope) error {
	for _, n := range body {
		if err := ev.exec(n, sc); err != nil {
			return err
		}
	}
	return nil
}

// capture renders body into a string instead of the output (set blocks, macros, filter blocks).
func (ev *evaluator) capture(body []node, sc *scope) (string, error) {
	saved := ev.out
	ev.out = &strings.Builder{}
	err := ev.execBody(body, sc)
	s := ev.out.String()
	ev.out = saved
	return s, err
}

func (ev *evaluator) exec(n node, sc *scope) error {
	if err := ev.step(1); err != nil {
		return err
	}
	switch n := n.(type) {
	case *textNode:
		return ev.write(n.text)
	case *outputNode:
		v, err := ev.eval(n.expr, sc)
		if err != nil {
			return err
		}
		return ev.write(ev.str(v))
	case *ifNode:
		c, err := ev.eval(n.cond, sc)
		if err != nil {
			return err
		}
		if truthy(c) {
			return ev.execBody(n.body, sc)
		}
		return ev.execBody(n.else_, sc)
	case *forNode:
		return ev.execFor(n, sc)
	case *setNode:
		v, err := ev.eval(n.value, sc)
		if err != nil {
			return err
		}
		return ev.assign(n.target, v, sc)
	case *setBlockNode:
		s, err := ev.capture(n.body, sc)
		if err != nil {
			return err
		}
		var v Value = s
		for _, f := range n.filters {
			if v, err = ev.applyFilter(f, v, sc); err != nil {
				return err
			}
		}
		return ev.assign(n.target, v, sc)
	case *macroNode:
		sc.set(n.name, &macro{def: n.m, closure: sc})
		return nil
	case *callBlockNode:
		return ev.execCallBlock(n, sc)
	case *filterBlockNode:
		s, err := ev.capture(n.body, sc)
		if err != nil {
			return err
		}
		var v Value = s
		for _, f := range n.filters {
			if v, err = ev.applyFilter(f, v, sc); err != nil {
				return err
			}
		}
		return ev.write(ev.str(v))
	case *withNode:
		inner := newScope(sc)
		for i, t := range n.targets {
			v, err := ev.eval(n.values[i], sc)
			if err != nil {
				return err
			}
			if err := ev.assign(t, v, inner); err != nil {
				return err
			}
		}
		return ev.execBody(n.body, inner)
	case *scopeNode:
		return ev.execBody(n.body, sc)
	case *breakNode:
		return errBreak
	case *continueNode:
		return errContinue
	}
	return nil
}

// assign binds a set/for/with target: a name, a tuple of names (unpacking), or a namespace attribute.
func (ev *evaluator) assign(target expr, v Value, sc *scope) error {
	switch t := target.(type) {
	case *nameExpr:
		sc.set(t.name, v)
		return nil
	case *tupleExpr:
		items, err := ev.iterate(v)
		if err != nil {
			return err
		}
		if len(items) != len(t.items) {
			if len(items) > len(t.items) {
				return valueErrorf("too many values to unpack (expected %d)", len(t.items))
			}
			return valueErrorf("not enough values to unpack (expected %d, got %d)", len(t.items), len(items))
		}
		for i, sub := range t.items {
			if err := ev.assign(sub, items[i], sc); err != nil {
				return err
			}
		}
		return nil
	case *attrExpr:
		obj, err := ev.eval(t.obj, sc)
		if err != nil {
			return err
		}
		ns, ok := obj.(*namespace)
		if !ok {
			return &EvalError{Kind: "TemplateRuntimeError", Msg: "cannot assign attribute on non-namespace object"}
		}
		ns.attrs.SetString(t.name, v)
		return nil
	}
	return syntaxErrorf(0, "cannot assign to this expression")
}

func (ev *evaluator) execFor(n *forNode, sc *scope) error {
	seq, err := ev.eval(n.iter, sc)
	if err != nil {
		return err
	}
	return ev.loop(n, seq, sc, 0)
}

func (ev *evaluator) loop(n *forNode, seq Value, sc *scope, depth int) error {
	if err := ev.enter(); err != nil {
		return err
	}
	defer ev.leave()
	items, err := ev.iterate(seq)
	if err != nil {
		return err
	}
	if n.filter != nil {
		var kept []Value
		for _, it := range items {
			inner := newScope(sc)
			if err := ev.assign(n.target, it, inner); err != nil {
				return err
			}
			ok, err := ev.eval(n.filter, inner)
			if err != nil {
				return err
			}
			if truthy(ok) {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	if len(items) == 0 {
		return ev.execBody(n.else_, sc)
	}
	lc := &loopContext{items: items, length: len(items), depth0: depth}
	if n.recursive {
		lc.recurse = func(v Value) (string, error) {
			saved := ev.out
			ev.out = &strings.Builder{}
			err := ev.loop(n, v, sc, depth+1)
			s := ev.out.String()
			ev.out = saved
			return s, err
		}
	}
	for i, it := range items {
		if err := ev.step(1); err != nil {
			return err
		}
		lc.index = i
		inner := newScope(sc)
		inner.set("loop", lc)
		if err := ev.assign(n.target, it, inner); err != nil {
			return err
		}
		err := ev.execBody(n.body, inner)
		if err == errBreak {
			break
		}
		if err != nil && err != errContinue {
			return err
		}
	}
	return nil
}

// iterate lists what a for loop visits: list items, dict keys, string characters; undefined is empty.
func (ev *evaluator) iterate(v Value) ([]Value, error) {
	switch x := v.(type) {
	case *List:
		return x.Items, nil
	case *Dict:
		return append([]Value(nil), x.keys...), nil
	case string:
		if err := ev.step(len(x)); err != nil {
			return nil, err
		}
		var out []Value
		for _, r := range x {
			out = append(out, string(r))
		}
		return out, nil
	case Undefined:
		return nil, nil
	case *namespace:
		return nil, typeErrorf("'Namespace' object is not iterable")
	}
	return nil, typeErrorf("'%s' object is not iterable", typeName(v))
}

func (ev *evaluator) execCallBlock(n *callBlockNode, sc *scope) error {
	fn, err := ev.eval(n.call.fn, sc)
	if err != nil {
		return err
	}
	args, kwargs, err := ev.evalArgs(n.call, sc)
	if err != nil {
		return err
	}
	if err := kwargs.Set("caller", &macro{def: n.caller, closure: sc}); err != nil {
		return err
	}
	v, err := ev.call(fn, args, kwargs)
	if err != nil {
		return err
	}
	return ev.write(ev.str(v))
}
