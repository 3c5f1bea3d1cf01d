package jinja

// Value is a template value with Python semantics: nil (None), bool, int64, float64, string, *List, *Dict,
// Undefined, or a callable (Func, *macro, boundMethod). Context values given to Render may also be the plain
// Go types []any and map[string]any (converted on entry, map keys sorted) or *Dict / *List built by the caller.
type Value = any

// Undefined is a missing variable, attribute or item (Jinja2's default Undefined: prints as "", is falsy,
// iterates as empty, and raises when used in arithmetic or called).
type Undefined struct {
	hint string // the message of the error raised when it is used: "'x' is undefined"
	kind string // that error's kind when not UndefinedError (SecurityError for unsafe attributes)
}

func (u Undefined) err() error {
	kind := u.kind
	if kind == "" {
		kind = "UndefinedError"
	}
	return &EvalError{Kind: kind, Msg: u.hint}
}

// List is a Python list, or a tuple when Tuple is set (tuples print as (a, b)).
type List struct {
	Items []Value
	Tuple bool
}

// Dict is a Python dict: keys keep insertion order, which tojson, items() and printing show.
type Dict struct {
	keys []Value
	vals []Value
	idx  map[dictKey]int // built once the dict grows past a few entries
}

// dictKey makes equal Python keys equal: 1, 1.0 and True are the same key.
type dictKey struct {
	kind byte
	s    string
	n    float64
}

const dictIndexThreshold = 8

func NewDict() *Dict { return &Dict{} }

func keyOf(k Value) (dictKey, bool) {
	switch x := k.(type) {
	case string:
		return dictKey{kind: 's', s: x}, true
	case nil:
		return dictKey{kind: '0'}, true
	case bool:
		if x {
			return dictKey{kind: 'n', n: 1}, true
		}
		return dictKey{kind: 'n'}, true
	case int64:
		return dictKey{kind: 'n', n: float64(x)}, true
	case float64:
		return dictKey{kind: 'n', n: x}, true
	case *List:
		if x.Tuple {
			return dictKey{kind: 't', s: repr(x)}, true
		}
	}
	return dictKey{}, false
}

func (d *Dict) Len() int { return len(d.keys) }

func (d *Dict) find(k Value) int {
	key, ok := keyOf(k)
	if !ok {
		return -1
	}
	if d.idx != nil {
		if i, ok := d.idx[key]; ok {
			return i
		}
		return -1
	}
	for i, existing := range d.keys {
		if ek, _ := keyOf(existing); ek == key {
			return i
		}
	}
	return -1
}

// Get returns the value under k.
func (d *Dict) Get(k Value) (Value, bool) {
	if i := d.find(k); i >= 0 {
		return d.vals[i], true
	}
	return nil, false
}

// Set adds or replaces the value under k; unhashable keys are reported as a TypeError.
func (d *Dict) Set(k, v Value) error {
	key, ok := keyOf(k)
	if !ok {
		return typeErrorf("unhashable type: '%s'", typeName(k))
	}
	if i := d.find(k); i >= 0 {
		d.vals[i] = v
		return nil
	}
	d.keys = append(d.keys, k)
	d.vals = append(d.vals, v)
	if d.idx != nil {
		d.idx[key] = len(d.keys) - 1
	} else if len(d.keys) > dictIndexThreshold {
		d.idx = make(map[dictKey]int, len(d.keys)*2)
		for i, kk := range d.keys {
			kkey, _ := keyOf(kk)
			d.idx[kkey] = i
		}
	}
	return nil
}

// SetString is Set for the string keys that JSON objects have.
func (d *Dict) SetString(k string, v Value) { _ = d.Set(k, v) }

// Keys returns the keys in insertion order; callers must not modify the slice.
func (d *Dict) Keys() []Value { return d.keys }

// Values returns the values in insertion order; callers must not modify the slice.
func (d *Dict) Values() []Value { return d.vals }

// namespace is the object namespace() returns: the one mutable thing a sandboxed template may assign into.
type namespace struct{ attrs *Dict }

// Func is a global function or filter supplied by the embedder.
type Func func(args []Value, kwargs *Dict) (Value, error)

// boundMethod is a str/list/dict method taken as an attribute (s.strip), called later.
type boundMethod struct {
	recv Value
	name string
}

func typeName(v Value) string {
	switch x := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case *List:
		if x.Tuple {
			return "tuple"
		}
		return "list"
	case *Dict:
		return "dict"
	case Undefined:
		return "Undefined"
	case *namespace:
		return "Namespace"
	case *loopContext:
		return "LoopContext"
	case *macro:
		return "Macro"
	case Func, boundMethod:
		return "builtin_function_or_method"
	}
	return "object"
}

// truthy is Python's bool(v).
func truthy(v Value) bool {
	switch x := v.(type) {
	case nil, Undefined:
		return false
	case bool:
		return x
	case int64:
		return x != 0
	case float64:
		return x != 0 // NaN is truthy, as in Python
	case string:
		return x != ""
	case *List:
		return len(x.Items) > 0
	case *Dict:
		return x.Len() > 0
	}
	return true
}

// fromGo converts the plain Go values an embedder may pass (JSON-decoded data) into template values.
func fromGo(v any) Value {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case []any:
		items := make([]Value, len(x))
		for i, it := range x {
			items[i] = fromGo(it)
		}
		return &List{Items: items}
	case []string:
		items := make([]Value, len(x))
		for i, it := range x {
			items[i] = it
		}
		return &List{Items: items}
	case []map[string]any:
		items := make([]Value, len(x))
		for i, it := range x {
			items[i] = fromGo(it)
		}
		return &List{Items: items}
	case map[string]any:
		return dictFromMap(x)
	}
	return v
}

// FromGo converts plain Go data (nil, bool, ints, floats, strings, []any, []string, map[string]any, and
// already-converted *Dict/*List) into template values. Go maps have no order: their keys are sorted.
func FromGo(v any) Value { return fromGo(v) }
