package jinja

// maxRange is Jinja2's sandbox limit on range().
const maxRange = 100000

// builtinGlobals are Jinja2's default global functions. The table is read-only.
var builtinGlobals = map[string]Value{
	"range":     Func(globalRange),
	"dict":      Func(globalDict),
	"namespace": Func(globalNamespace),
	"joiner":    Func(globalJoiner),
	"cycler":    Func(globalCycler),
}

func globalRange(args []Value, kwargs *Dict) (Value, error) {
	if kwargs.Len() > 0 {
		return nil, typeErrorf("range() takes no keyword arguments")
	}
	var start, stop, step int64 = 0, 0, 1
	ints := make([]int64, len(args))
	for i, a := range args {
		n, ok := a.(int64)
		if !ok {
			if b, isBool := a.(bool); isBool {
				n, ok = map[bool]int64{false: 0, true: 1}[b], true
			}
		}
		if !ok {
			return nil, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(a))
		}
		ints[i] = n
	}
	switch len(ints) {
	case 1:
		stop = ints[0]
	case 2:
		start, stop = ints[0], ints[1]
	case 3:
		start, stop, step = ints[0], ints[1], ints[2]
	default:
		return nil, typeErrorf("range expected at most 3 arguments, got %d", len(args))
	}
	if step == 0 {
		return nil, valueErrorf("range() arg 3 must not be zero")
	}
	n := int64(0)
	if step > 0 && stop > start {
		n = (stop - start + step - 1) / step
	} else if step < 0 && start > stop {
		n = (start - stop - step - 1) / -step
	}
	if n > maxRange {
		return nil, &EvalError{Kind: "OverflowError", Msg: "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."}
	}
	items := make([]Value, n)
	for i := range items {
		items[i] = start + int64(i)*step
	}
	return &List{Items: items}, nil
}

func globalDict(args []Value, kwargs *Dict) (Value, error) {
	d := NewDict()
	if len(args) > 1 {
		return nil, typeErrorf("dict expected at most 1 argument, got %d", len(args))
	}
	if len(args) == 1 {
		switch src := args[0].(type) {
		case *Dict:
			for i, k := range src.keys {
				_ = d.Set(k, src.vals[i])
			}
		case *List:
			for _, it := range src.Items {
				pair, ok := it.(*List)
				if !ok || len(pair.Items) != 2 {
					return nil, valueErrorf("dictionary update sequence element has wrong length")
				}
				if err := d.Set(pair.Items[0], pair.Items[1]); err != nil {
					return nil, err
				}
			}
		default:
			return nil, typeErrorf("'%s' object is not iterable", typeName(args[0]))
		}
	}
	for i, k := range kwargs.keys {
		_ = d.Set(k, kwargs.vals[i])
	}
	return d, nil
}

func globalNamespace(args []Value, kwargs *Dict) (Value, error) {
	d, err := globalDict(args, kwargs)
	if err != nil {
		return nil, err
	}
	return &namespace{attrs: d.(*Dict)}, nil
}

func globalJoiner(args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("joiner", []string{"sep"}, []Value{", "}, args, kwargs)
	if err != nil {
		return nil, err
	}
	used := false
	return Func(func([]Value, *Dict) (Value, error) {
		if !used {
			used = true
			return "", nil
		}
		return a[0], nil
	}), nil
}

func globalCycler(args []Value, kwargs *Dict) (Value, error) {
	if len(args) == 0 {
		return nil, typeErrorf("at least one item has to be provided")
	}
	c := &namespace{attrs: NewDict()}
	pos := 0
	c.attrs.SetString("current", args[0])
	c.attrs.SetString("next", Func(func([]Value, *Dict) (Value, error) {
		v := args[pos]
		pos = (pos + 1) % len(args)
		c.attrs.SetString("current", args[pos])
		return v, nil
	}))
	c.attrs.SetString("reset", Func(func([]Value, *Dict) (Value, error) {
		pos = 0
		c.attrs.SetString("current", args[0])
		return nil, nil
	}))
	return c, nil
}
