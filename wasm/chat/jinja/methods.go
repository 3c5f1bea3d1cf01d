package jinja

import (
	"strings"
	"unicode"
)

func isDictMethod(name string) bool {
	switch name {
	case "get", "keys", "values", "items", "copy", "update", "pop", "setdefault", "popitem", "clear":
		return true
	}
	return false
}

func isStringMethod(name string) bool {
	switch name {
	case "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "replace",
		"upper", "lower", "title", "capitalize", "swapcase", "casefold", "find", "rfind", "index", "rindex",
		"count", "join", "format", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower",
		"isnumeric", "isdecimal", "center", "ljust", "rjust", "zfill", "partition", "rpartition",
		"removeprefix", "removesuffix":
		return true
	}
	return false
}

func (ev *evaluator) callMethod(m boundMethod, args []Value, kwargs *Dict) (Value, error) {
	switch recv := m.recv.(type) {
	case string:
		return ev.stringMethod(recv, m.name, args, kwargs)
	case *Dict:
		return dictMethod(recv, m.name, args)
	case *List:
		return listMethod(recv, m.name, args)
	case *loopContext:
		return recv.callMethod(m.name, args)
	}
	return nil, typeErrorf("'%s' object has no method '%s'", typeName(m.recv), m.name)
}

func dictMethod(d *Dict, name string, args []Value) (Value, error) {
	switch name {
	case "get":
		if len(args) < 1 || len(args) > 2 {
			return nil, typeErrorf("get expected 1 or 2 arguments, got %d", len(args))
		}
		if v, ok := d.Get(args[0]); ok {
			return v, nil
		}
		if len(args) == 2 {
			return args[1], nil
		}
		return nil, nil
	case "keys":
		return &List{Items: append([]Value(nil), d.keys...)}, nil
	case "values":
		return &List{Items: append([]Value(nil), d.vals...)}, nil
	case "items":
		return dictItems(d), nil
	case "copy":
		c := NewDict()
		for i, k := range d.keys {
			_ = c.Set(k, d.vals[i])
		}
		return c, nil
	}
	return nil, typeErrorf("'dict' object has no method '%s'", name)
}

func dictItems(d *Dict) *List {
	items := make([]Value, len(d.keys))
	for i, k := range d.keys {
		items[i] = &List{Items: []Value{k, d.vals[i]}, Tuple: true}
	}
	return &List{Items: items}
}

func listMethod(l *List, name string, args []Value) (Value, error) {
	if len(args) != 1 {
		return nil, typeErrorf("%s() takes exactly one argument (%d given)", name, len(args))
	}
	n := int64(0)
	for i, it := range l.Items {
		if valuesEqual(it, args[0]) {
			if name == "index" {
				return int64(i), nil
			}
			n++
		}
	}
	if name == "index" {
		return nil, valueErrorf("%s is not in list", repr(args[0]))
	}
	return n, nil
}

func argString(args []Value, i int, method string) (string, error) {
	if i >= len(args) {
		return "", typeErrorf("%s() missing required argument", method)
	}
	s, ok := args[i].(string)
	if !ok {
		return "", typeErrorf("%s() argument must be str, not %s", method, typeName(args[i]))
	}
	return s, nil
}

func argInt(args []Value, i int, def int64) (int64, error) {
	if i >= len(args) || args[i] == nil {
		return def, nil
	}
	n, ok := args[i].(int64)
	if !ok {
		return 0, typeErrorf("'%s' object cannot be interpreted as an integer", typeName(args[i]))
	}
	return n, nil
}

func argOr(args []Value, i int, kwargs *Dict, name string) Value {
	if i < len(args) {
		return args[i]
	}
	if kwargs != nil {
		if v, ok := kwargs.Get(name); ok {
			return v
		}
	}
	return nil
}

func (ev *evaluator) stringMethod(s, name string, args []Value, kwargs *Dict) (Value, error) {
	switch name {
	case "strip", "lstrip", "rstrip":
		return pyStrip(s, argOr(args, 0, kwargs, "chars"), name != "rstrip", name != "lstrip")
	case "split", "rsplit":
		maxsplit, err := argInt([]Value{argOr(args, 1, kwargs, "maxsplit")}, 0, -1)
		if err != nil {
			return nil, err
		}
		parts, err := pySplit(s, argOr(args, 0, kwargs, "sep"), maxsplit, name == "rsplit")
		if err != nil {
			return nil, err
		}
		if err := ev.step(len(parts)); err != nil {
			return nil, err
		}
		return &List{Items: parts}, nil
	case "splitlines":
		keep := truthy(argOr(args, 0, kwargs, "keepends"))
		return splitLines(s, keep), nil
	case "startswith", "endswith":
		return affixMatch(s, name == "startswith", args)
	case "replace":
		old, err := argString(args, 0, name)
		if err != nil {
			return nil, err
		}
		repl, err := argString(args, 1, name)
		if err != nil {
			return nil, err
		}
		count, err := argInt(args, 2, -1)
		if err != nil {
			return nil, err
		}
		return ev.replace(s, old, repl, count)
	case "upper":
		return pyUpper(s), nil
	case "lower", "casefold":
		return strings.ToLower(s), nil
	case "title":
		return pyTitle(s), nil
	case "capitalize":
		return pyCapitalize(s), nil
	case "swapcase":
		return pySwapcase(s), nil
	case "find", "rfind", "index", "rindex", "count":
		sub, err := argString(args, 0, name)
		if err != nil {
			return nil, err
		}
		return findMethod(s, sub, name)
	case "join":
		if len(args) != 1 {
			return nil, typeErrorf("join() takes exactly one argument")
		}
		items, err := ev.iterate(args[0])
		if err != nil {
			return nil, err
		}
		parts := make([]string, len(items))
		for i, it := range items {
			p, ok := it.(string)
			if !ok {
				return nil, typeErrorf("sequence item %d: expected str instance, %s found", i, typeName(it))
			}
			parts[i] = p
		}
		return ev.joinStrings(parts, s)
	case "format":
		return ev.strFormat(s, args, kwargs)
	case "isdigit", "isnumeric", "isdecimal":
		return allRunes(s, unicode.IsDigit), nil
	case "isalpha":
		return allRunes(s, unicode.IsLetter), nil
	case "isalnum":
		return allRunes(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }), nil
	case "isspace":
		return allRunes(s, pyIsSpace), nil
	case "isupper", "islower":
		return pyCaseCheck(s, name == "isupper"), nil
	case "center", "ljust", "rjust":
		width, err := argInt(args, 0, 0)
		if err != nil {
			return nil, err
		}
		fill := " "
		if len(args) > 1 {
			if fill, err = argString(args, 1, name); err != nil {
				return nil, err
			}
		}
		if err := ev.size(int(width)); err != nil {
			return nil, err
		}
		return justify(s, name, int(width), fill), nil
	case "zfill":
		width, err := argInt(args, 0, 0)
		if err != nil {
			return nil, err
		}
		if err := ev.size(int(width)); err != nil {
			return nil, err
		}
		return zfill(s, int(width)), nil
	case "partition", "rpartition":
		sep, err := argString(args, 0, name)
		if err != nil {
			return nil, err
		}
		return partition(s, sep, name == "rpartition"), nil
	case "removeprefix":
		p, err := argString(args, 0, name)
		return strings.TrimPrefix(s, p), err
	case "removesuffix":
		p, err := argString(args, 0, name)
		return strings.TrimSuffix(s, p), err
	}
	return nil, typeErrorf("'str' object has no method '%s'", name)
}

func (ev *evaluator) replace(s, old, repl string, count int64) (Value, error) {
	n := strings.Count(s, old)
	if count >= 0 && int64(n) > count {
		n = int(count)
	}
	if err := ev.size(len(s) + n*(len(repl)-len(old))); err != nil {
		return nil, err
	}
	if old == "" && n > 0 {
		if err := ev.size(len(s) + (runeCount(s)+1)*len(repl)); err != nil {
			return nil, err
		}
	}
	return strings.Replace(s, old, repl, int(count)), nil
}

func (ev *evaluator) joinStrings(parts []string, sep string) (Value, error) {
	total := len(sep) * max(len(parts)-1, 0)
	for _, p := range parts {
		total += len(p)
	}
	if err := ev.size(total); err != nil {
		return nil, err
	}
	return strings.Join(parts, sep), nil
}

func affixMatch(s string, prefix bool, args []Value) (Value, error) {
	if len(args) == 0 {
		return nil, typeErrorf("startswith/endswith takes at least 1 argument")
	}
	var candidates []Value
	switch a := args[0].(type) {
	case string:
		candidates = []Value{a}
	case *List:
		if !a.Tuple {
			return nil, typeErrorf("startswith first arg must be str or a tuple of str, not list")
		}
		candidates = a.Items
	default:
		return nil, typeErrorf("startswith first arg must be str or a tuple of str, not %s", typeName(args[0]))
	}
	for _, c := range candidates {
		cs, ok := c.(string)
		if !ok {
			return nil, typeErrorf("tuple for startswith must only contain str, not %s", typeName(c))
		}
		if prefix && strings.HasPrefix(s, cs) || !prefix && strings.HasSuffix(s, cs) {
			return true, nil
		}
	}
	return false, nil
}

// findMethod implements find/rfind/index/rindex/count with results counted in characters.
func findMethod(s, sub, name string) (Value, error) {
	var i int
	switch name {
	case "count":
		if sub == "" {
			return int64(runeCount(s) + 1), nil
		}
		return int64(strings.Count(s, sub)), nil
	case "find", "index":
		i = strings.Index(s, sub)
	default:
		i = strings.LastIndex(s, sub)
	}
	if i < 0 {
		if name == "index" || name == "rindex" {
			return nil, valueErrorf("substring not found")
		}
		return int64(-1), nil
	}
	return int64(runeCount(s[:i])), nil
}

func splitLines(s string, keep bool) *List {
	var out []Value
	for s != "" {
		i := strings.IndexFunc(s, isLineBreak)
		if i < 0 {
			out = append(out, s)
			break
		}
		n := utf8RuneLen(s[i:])
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			n = 2
		}
		if keep {
			out = append(out, s[:i+n])
		} else {
			out = append(out, s[:i])
		}
		s = s[i+n:]
	}
	return &List{Items: out}
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

func justify(s, how string, width int, fill string) string {
	n := runeCount(s)
	if width <= n {
		return s
	}
	switch how {
	case "ljust":
		return s + strings.Repeat(fill, width-n)
	case "rjust":
		return strings.Repeat(fill, width-n) + s
	}
	return pyCenter(s, width, fill)
}

func zfill(s string, width int) string {
	n := runeCount(s)
	if width <= n {
		return s
	}
	sign := ""
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign, s = s[:1], s[1:]
	}
	return sign + strings.Repeat("0", width-n) + s
}

func partition(s, sep string, fromRight bool) *List {
	var i int
	if fromRight {
		i = strings.LastIndex(s, sep)
	} else {
		i = strings.Index(s, sep)
	}
	if i < 0 {
		if fromRight {
			return &List{Items: []Value{"", "", s}, Tuple: true}
		}
		return &List{Items: []Value{s, "", ""}, Tuple: true}
	}
	return &List{Items: []Value{s[:i], sep, s[i+len(sep):]}, Tuple: true}
}
