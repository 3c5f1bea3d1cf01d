package jinja

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// fTojson is transformers' tojson filter: json.dumps(x, ensure_ascii=False, indent=indent,
// separators=separators, sort_keys=sort_keys). Unlike Jinja2's own tojson it does not HTML-escape.
func fTojson(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("tojson", []string{"ensure_ascii", "indent", "separators", "sort_keys"},
		[]Value{false, nil, nil, false}, args, kwargs)
	if err != nil {
		return nil, err
	}
	e := jsonEncoder{ensureASCII: truthy(a[0]), sortKeys: truthy(a[3]), itemSep: ", ", keySep: ": ", ev: ev}
	switch ind := a[1].(type) {
	case nil:
	case int64:
		e.indent, e.pretty = strings.Repeat(" ", int(max(ind, 0))), true
	case string:
		e.indent, e.pretty = ind, true
	default:
		return nil, typeErrorf("indent must be an int or a string")
	}
	if e.pretty {
		e.itemSep = ","
	}
	if sep, ok := a[2].(*List); ok {
		if len(sep.Items) != 2 {
			return nil, valueErrorf("separators must be a (item_separator, key_separator) pair")
		}
		e.itemSep, e.keySep = str(sep.Items[0]), str(sep.Items[1])
	}
	if err := e.encode(v, 0); err != nil {
		return nil, err
	}
	return e.b.String(), nil
}

// jsonEncoder reproduces Python's json.dumps output byte for byte.
type jsonEncoder struct {
	b               strings.Builder
	ev              *evaluator
	ensureASCII     bool
	sortKeys        bool
	pretty          bool
	indent          string
	itemSep, keySep string
}

func (e *jsonEncoder) newline(level int) {
	if e.pretty {
		e.b.WriteByte('\n')
		for range level {
			e.b.WriteString(e.indent)
		}
	}
}

func (e *jsonEncoder) encode(v Value, level int) error {
	if err := e.ev.size(e.b.Len()); err != nil {
		return err
	}
	if err := e.ev.step(1); err != nil {
		return err
	}
	if level > e.ev.lim.MaxDepth {
		return &LimitError{Limit: "depth", Max: e.ev.lim.MaxDepth}
	}
	switch x := v.(type) {
	case nil:
		e.b.WriteString("null")
	case bool:
		e.b.WriteString(map[bool]string{true: "true", false: "false"}[x])
	case int64:
		e.b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		e.b.WriteString(jsonFloat(x))
	case string:
		e.str(x)
	case *List:
		if len(x.Items) == 0 {
			e.b.WriteString("[]")
			return nil
		}
		e.b.WriteByte('[')
		for i, it := range x.Items {
			if i > 0 {
				e.b.WriteString(e.itemSep)
			}
			e.newline(level + 1)
			if err := e.encode(it, level+1); err != nil {
				return err
			}
		}
		e.newline(level)
		e.b.WriteByte(']')
	case *Dict:
		return e.object(x, level)
	default:
		return typeErrorf("Object of type %s is not JSON serializable", typeName(v))
	}
	return nil
}

func (e *jsonEncoder) object(d *Dict, level int) error {
	if d.Len() == 0 {
		e.b.WriteString("{}")
		return nil
	}
	order := make([]int, d.Len())
	for i := range order {
		order[i] = i
	}
	if e.sortKeys {
		var err error
		sort.SliceStable(order, func(i, j int) bool {
			c, cerr := order2(d.keys[order[i]], d.keys[order[j]])
			if cerr != nil && err == nil {
				err = cerr
			}
			return c < 0
		})
		if err != nil {
			return err
		}
	}
	e.b.WriteByte('{')
	for n, i := range order {
		if n > 0 {
			e.b.WriteString(e.itemSep)
		}
		e.newline(level + 1)
		key, err := jsonKey(d.keys[i])
		if err != nil {
			return err
		}
		e.str(key)
		e.b.WriteString(e.keySep)
		if err := e.encode(d.vals[i], level+1); err != nil {
			return err
		}
	}
	e.newline(level)
	e.b.WriteByte('}')
	return nil
}

func order2(a, b Value) (int, error) { return order("<", a, b) }

// jsonKey converts a dict key the way json.dumps does: strings as they are, numbers, booleans and None spelled out.
func jsonKey(k Value) (string, error) {
	switch x := k.(type) {
	case string:
		return x, nil
	case bool:
		return map[bool]string{true: "true", false: "false"}[x], nil
	case nil:
		return "null", nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return jsonFloat(x), nil
	}
	return "", typeErrorf("keys must be str, int, float, bool or None, not %s", typeName(k))
}

func jsonFloat(f float64) string {
	switch s := formatFloat(f); s {
	case "inf":
		return "Infinity"
	case "-inf":
		return "-Infinity"
	case "nan":
		return "NaN"
	default:
		return s
	}
}

func (e *jsonEncoder) str(s string) {
	e.b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			e.b.WriteString(`\"`)
		case '\\':
			e.b.WriteString(`\\`)
		case '\n':
			e.b.WriteString(`\n`)
		case '\r':
			e.b.WriteString(`\r`)
		case '\t':
			e.b.WriteString(`\t`)
		case '\b':
			e.b.WriteString(`\b`)
		case '\f':
			e.b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20:
				fmt.Fprintf(&e.b, `\u%04x`, r)
			case r > 0x7e && e.ensureASCII:
				if r > 0xffff {
					r1, r2 := utf16Surrogates(r)
					fmt.Fprintf(&e.b, `\u%04x\u%04x`, r1, r2)
				} else {
					fmt.Fprintf(&e.b, `\u%04x`, r)
				}
			default:
				e.b.WriteRune(r)
			}
		}
	}
	e.b.WriteByte('"')
}

func utf16Surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
