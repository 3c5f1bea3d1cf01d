package jinja

import (
	"unicode/utf8"
)

func missingAttr(obj Value, name string) Undefined {
	return Undefined{hint: "'" + objectDesc(obj) + "' has no attribute '" + name + "'"}
}

// objectDesc names obj the way Jinja2's undefined messages do: 'dict object', 'list object', 'None'.
func objectDesc(obj Value) string {
	if obj == nil {
		return "None"
	}
	return typeName(obj) + " object"
}

var unsafeMethods = map[string]bool{
	// Mutating methods of list and dict that the immutable sandbox refuses.
	"append": true, "extend": true, "insert": true, "pop": true, "remove": true, "clear": true, "sort": true,
	"reverse": true, "update": true, "setdefault": true, "popitem": true,
}

func unsafeAttr(obj Value, name string) Undefined {
	return Undefined{
		hint: "access to attribute '" + name + "' of '" + typeName(obj) + "' object is unsafe.",
		kind: "SecurityError",
	}
}

// getAttr is obj.name: Python attributes (methods) first, then items, as Jinja2's getattr does.
func getAttr(obj Value, name string) (Value, error) {
	switch x := obj.(type) {
	case Undefined:
		return nil, x.err()
	case *Dict:
		if isDictMethod(name) {
			if unsafeMethods[name] {
				return unsafeAttr(obj, name), nil
			}
			return boundMethod{recv: x, name: name}, nil
		}
		if v, ok := x.Get(name); ok {
			return v, nil
		}
	case string:
		if isStringMethod(name) {
			return boundMethod{recv: x, name: name}, nil
		}
	case *List:
		if unsafeMethods[name] && !x.Tuple {
			return unsafeAttr(obj, name), nil
		}
		if name == "index" || name == "count" {
			return boundMethod{recv: x, name: name}, nil
		}
	case *namespace:
		if v, ok := x.attrs.Get(name); ok {
			return v, nil
		}
	case *loopContext:
		if v, ok := x.attr(name); ok {
			return v, nil
		}
	}
	return missingAttr(obj, name), nil
}

// getItem is obj[key]: items first, then attributes for string keys.
func getItem(obj Value, key Value) (Value, error) {
	switch x := obj.(type) {
	case Undefined:
		return nil, x.err()
	case *Dict:
		if v, ok := x.Get(key); ok {
			return v, nil
		}
	case *List:
		if i, ok := indexOf(key, len(x.Items)); ok {
			return x.Items[i], nil
		}
	case string:
		if n, isInt := key.(int64); isInt {
			if i, ok := runeIndex(x, n); ok {
				return x[i : i+utf8RuneLen(x[i:])], nil
			}
		}
	}
	if name, ok := key.(string); ok {
		if _, isDict := obj.(*Dict); !isDict {
			return getAttr(obj, name)
		}
		return missingAttr(obj, name), nil
	}
	return Undefined{hint: "'" + objectDesc(obj) + "' has no attribute '" + str(key) + "'"}, nil
}

func utf8RuneLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// indexOf resolves a Python index (negative counts from the end) into [0, n).
func indexOf(key Value, n int) (int, bool) {
	var i int64
	switch k := key.(type) {
	case int64:
		i = k
	case bool:
		if k {
			i = 1
		}
	default:
		return 0, false
	}
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, false
	}
	return int(i), true
}

// runeIndex returns the byte offset of the n-th character of s (negative n from the end).
func runeIndex(s string, n int64) (int, bool) {
	count := int64(utf8.RuneCountInString(s))
	if n < 0 {
		n += count
	}
	if n < 0 || n >= count {
		return 0, false
	}
	for i := range s {
		if n == 0 {
			return i, true
		}
		n--
	}
	return 0, false
}

// slice is obj[start:stop:step] for lists, tuples and strings (by character).
func slice(obj, start, stop, step Value) (Value, error) {
	switch x := obj.(type) {
	case *List:
		idx, err := sliceIndices(len(x.Items), start, stop, step)
		if err != nil {
			return nil, err
		}
		out := make([]Value, len(idx))
		for i, j := range idx {
			out[i] = x.Items[j]
		}
		return &List{Items: out, Tuple: x.Tuple}, nil
	case string:
		runes := []rune(x)
		idx, err := sliceIndices(len(runes), start, stop, step)
		if err != nil {
			return nil, err
		}
		out := make([]rune, len(idx))
		for i, j := range idx {
			out[i] = runes[j]
		}
		return string(out), nil
	case Undefined:
		return nil, x.err()
	}
	return nil, typeErrorf("'%s' object is not subscriptable", typeName(obj))
}

// sliceIndices follows Python's slice.indices.
func sliceIndices(n int, start, stop, step Value) ([]int, error) {
	st := int64(1)
	if step != nil {
		s, ok := step.(int64)
		if !ok {
			return nil, typeErrorf("slice indices must be integers or None")
		}
		if s == 0 {
			return nil, valueErrorf("slice step cannot be zero")
		}
		st = s
	}
	bound := func(v Value, def int64) (int64, error) {
		if v == nil {
			return def, nil
		}
		i, ok := v.(int64)
		if !ok {
			return 0, typeErrorf("slice indices must be integers or None or have an __index__ method")
		}
		if i < 0 {
			i += int64(n)
			if i < 0 {
				if st < 0 {
					return -1, nil
				}
				return 0, nil
			}
		}
		if i >= int64(n) {
			if st < 0 {
				return int64(n) - 1, nil
			}
			return int64(n), nil
		}
		return i, nil
	}
	var lo, hi int64
	var err error
	if st > 0 {
		if lo, err = bound(start, 0); err != nil {
			return nil, err
		}
		if hi, err = bound(stop, int64(n)); err != nil {
			return nil, err
		}
	} else {
		if lo, err = bound(start, int64(n)-1); err != nil {
			return nil, err
		}
		if hi, err = bound(stop, -1); err != nil {
			return nil, err
		}
	}
	var out []int
	for i := lo; (st > 0 && i < hi) || (st < 0 && i > hi); i += st {
		out = append(out, int(i))
	}
	return out, nil
}
