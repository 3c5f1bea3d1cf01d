package jinja

// macro is a {% macro %} (or the caller of a {% call %} block) bound to the scope it was defined in; names it
// does not bind itself are looked up there at call time, as Jinja2 does.
type macro struct {
	def     *macroDef
	closure *scope
}

// loopContext is the loop variable of a for loop.
type loopContext struct {
	items   []Value
	index   int
	length  int
	depth0  int
	recurse func(Value) (string, error) // set for "recursive" loops: loop(children)
	changed []Value                     // last arguments of loop.changed()
	hasLast bool
}

func (lc *loopContext) attr(name string) (Value, bool) {
	switch name {
	case "index":
		return int64(lc.index + 1), true
	case "index0":
		return int64(lc.index), true
	case "revindex":
		return int64(lc.length - lc.index), true
	case "revindex0":
		return int64(lc.length - lc.index - 1), true
	case "first":
		return lc.index == 0, true
	case "last":
		return lc.index == lc.length-1, true
	case "length":
		return int64(lc.length), true
	case "depth":
		return int64(lc.depth0 + 1), true
	case "depth0":
		return int64(lc.depth0), true
	case "previtem":
		if lc.index == 0 {
			return Undefined{hint: "there is no previous item"}, true
		}
		return lc.items[lc.index-1], true
	case "nextitem":
		if lc.index+1 >= lc.length {
			return Undefined{hint: "there is no next item"}, true
		}
		return lc.items[lc.index+1], true
	case "cycle", "changed":
		return boundMethod{recv: lc, name: name}, true
	}
	return nil, false
}

func (lc *loopContext) callMethod(name string, args []Value) (Value, error) {
	switch name {
	case "cycle":
		if len(args) == 0 {
			return nil, typeErrorf("no items for cycling given")
		}
		return args[lc.index%len(args)], nil
	case "changed":
		if lc.hasLast && valuesEqual(&List{Items: lc.changed}, &List{Items: args}) {
			return false, nil
		}
		lc.changed, lc.hasLast = args, true
		return true, nil
	}
	return nil, typeErrorf("'LoopContext' has no method %s", name)
}

// call invokes any callable template value.
func (ev *evaluator) call(fn Value, args []Value, kwargs *Dict) (Value, error) {
	if err := ev.step(1); err != nil {
		return nil, err
	}
	switch f := fn.(type) {
	case Func:
		return ev.charge(f(args, kwargs))
	case *macro:
		return ev.callMacro(f, args, kwargs)
	case boundMethod:
		return ev.charge(ev.callMethod(f, args, kwargs))
	case *loopContext:
		if f.recurse == nil {
			return nil, typeErrorf("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.")
		}
		if len(args) != 1 {
			return nil, typeErrorf("loop() takes exactly one argument")
		}
		return f.recurse(args[0])
	case Undefined:
		return nil, f.err()
	}
	return nil, typeErrorf("'%s' object is not callable", typeName(fn))
}

func (ev *evaluator) callMacro(m *macro, args []Value, kwargs *Dict) (Value, error) {
	if err := ev.enter(); err != nil {
		return nil, err
	}
	defer ev.leave()
	d := m.def
	sc := newScope(m.closure)
	if len(args) > len(d.params) && !d.usesVarargs {
		return nil, typeErrorf("macro '%s' takes not more than %d argument(s)", d.name, len(d.params))
	}
	firstDefault := len(d.params) - len(d.defaults)
	for i, p := range d.params {
		switch v, ok := kwargs.Get(p); {
		case i < len(args):
			if ok {
				return nil, typeErrorf("macro '%s' got multiple values for argument '%s'", d.name, p)
			}
			sc.set(p, args[i])
		case ok:
			sc.set(p, v)
		case i >= firstDefault:
			dv, err := ev.eval(d.defaults[i-firstDefault], sc)
			if err != nil {
				return nil, err
			}
			sc.set(p, dv)
		default:
			sc.set(p, Undefined{hint: "parameter '" + p + "' was not provided"})
		}
	}
	extra := NewDict()
	var caller Value
	for i, k := range kwargs.keys {
		name, _ := k.(string)
		switch {
		case name == "caller":
			caller = kwargs.vals[i]
		case !containsString(d.params, name):
			extra.SetString(name, kwargs.vals[i])
		}
	}
	if extra.Len() > 0 && !d.usesKwargs {
		return nil, typeErrorf("macro '%s' takes no keyword argument '%s'", d.name, str(extra.keys[0]))
	}
	if caller != nil {
		sc.set("caller", caller)
	}
	if d.usesVarargs {
		var rest []Value
		if len(args) > len(d.params) {
			rest = args[len(d.params):]
		}
		sc.set("varargs", &List{Items: rest, Tuple: true})
	}
	if d.usesKwargs {
		sc.set("kwargs", extra)
	}
	return ev.capture(d.body, sc)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// charge bills a builtin's result to the step budget by its size, so that builtins called in a loop cannot
// allocate without bound while costing one step each.
func (ev *evaluator) charge(v Value, err error) (Value, error) {
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case *List:
		err = ev.step(len(x.Items))
	case string:
		err = ev.step(len(x) / 64)
	}
	return v, err
}
