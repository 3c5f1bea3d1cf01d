package jinja

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

type filterFunc func(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error)

// filters are Jinja2's built-in filters as transformers' environment has them (tojson replaced by
// transformers' own, see tojson.go). The table is read-only.
var filters map[string]filterFunc

func init() {
	filters = map[string]filterFunc{
		"abs": fAbs, "attr": fAttr, "batch": fBatch, "capitalize": strFilter(pyCapitalize), "center": fCenter,
		"count": fLength, "d": fDefault, "default": fDefault, "dictsort": fDictsort, "e": fEscape,
		"escape": fEscape, "first": fFirst, "float": fFloat, "forceescape": fEscape, "format": fFormat,
		"groupby": fGroupby, "indent": fIndent, "int": fInt, "items": fItems, "join": fJoin, "last": fLast,
		"length": fLength, "list": fList, "lower": strFilter(strings.ToLower), "map": fMap, "max": fMax,
		"min": fMin, "pprint": fPprint, "reject": fSelectReject(false, false), "rejectattr": fSelectReject(false, true),
		"replace": fReplace, "reverse": fReverse, "round": fRound, "safe": fString,
		"select": fSelectReject(true, false), "selectattr": fSelectReject(true, true), "slice": fSlice,
		"sort": fSort, "string": fString, "striptags": fStriptags, "sum": fSum, "title": fTitle, "tojson": fTojson,
		"trim": fTrim, "truncate": fTruncate, "unique": fUnique, "upper": strFilter(pyUpper),
		"wordcount": fWordcount,
	}
}

func (ev *evaluator) applyFilter(f *filterExpr, v Value, sc *scope) (Value, error) {
	fn, ok := filters[f.name]
	if !ok {
		return nil, &EvalError{Kind: "TemplateAssertionError", Msg: "No filter named '" + f.name + "'."}
	}
	args, kwargs, err := ev.evalArgs(f.call, sc)
	if err != nil {
		return nil, err
	}
	return ev.charge(fn(ev, v, args, kwargs))
}

func strFilter(fn func(string) string) filterFunc {
	return func(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
		return fn(str(v)), nil
	}
}

func fString(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	return ev.str(v), nil
}

func fPprint(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) { return repr(v), nil }

func fAbs(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	i, f, isFloat, ok := asNumber(v)
	switch {
	case !ok:
		return nil, typeErrorf("bad operand type for abs(): '%s'", typeName(v))
	case isFloat:
		return math.Abs(f), nil
	case i < 0:
		return -i, nil
	}
	return i, nil
}

func fAttr(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("attr", []string{"name"}, nil, args, kwargs)
	if err != nil {
		return nil, err
	}
	name, ok := a[0].(string)
	if !ok {
		return nil, typeErrorf("attribute name must be string")
	}
	if _, isDict := v.(*Dict); isDict && !isDictMethod(name) {
		return missingAttr(v, name), nil // attr() looks up attributes only, never items
	}
	return getAttr(v, name)
}

func fDefault(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("default", []string{"default_value", "boolean"}, []Value{"", false}, args, kwargs)
	if err != nil {
		return nil, err
	}
	if _, undef := v.(Undefined); undef || truthy(a[1]) && !truthy(v) {
		return a[0], nil
	}
	return v, nil
}

func length(v Value) (int, error) {
	switch x := v.(type) {
	case string:
		return runeCount(x), nil
	case *List:
		return len(x.Items), nil
	case *Dict:
		return x.Len(), nil
	case Undefined:
		return 0, nil
	case *namespace:
		return x.attrs.Len(), nil
	}
	return 0, typeErrorf("object of type '%s' has no len()", typeName(v))
}

func fLength(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	n, err := length(v)
	return int64(n), err
}

func fFirst(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return Undefined{hint: "No first item, sequence was empty."}, nil
	}
	return items[0], nil
}

func fLast(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return Undefined{hint: "No last item, sequence was empty."}, nil
	}
	return items[len(items)-1], nil
}

func fList(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	return &List{Items: append([]Value(nil), items...)}, nil
}

func fItems(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	switch x := v.(type) {
	case Undefined:
		return &List{}, nil
	case *Dict:
		return dictItems(x), nil
	}
	return nil, typeErrorf("Can only get item pairs from a mapping.")
}

func fJoin(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("join", []string{"d", "attribute"}, []Value{"", nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(items))
	for i, it := range items {
		if a[1] != nil {
			if it, err = attribute(it, a[1]); err != nil {
				return nil, err
			}
		}
		parts[i] = ev.str(it)
	}
	return ev.joinStrings(parts, str(a[0]))
}

func fCenter(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("center", []string{"width"}, []Value{int64(80)}, args, kwargs)
	if err != nil {
		return nil, err
	}
	w, _ := a[0].(int64)
	if err := ev.size(int(w)); err != nil {
		return nil, err
	}
	return pyCenter(str(v), int(w), " "), nil
}

func fEscape(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(str(v)), nil
}

func fFormat(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	if kwargs.Len() > 0 {
		return ev.percentFormat(str(v), kwargs)
	}
	return ev.percentFormat(str(v), &List{Items: args, Tuple: true})
}

func fIndent(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("indent", []string{"width", "first", "blank"}, []Value{int64(4), false, false}, args, kwargs)
	if err != nil {
		return nil, err
	}
	indention, isStr := a[0].(string)
	if !isStr {
		w, _ := a[0].(int64)
		indention = strings.Repeat(" ", int(max(w, 0)))
	}
	lines := splitLines(str(v)+"\n", false).Items
	var b strings.Builder
	for i, l := range lines {
		line := l.(string)
		if i > 0 {
			b.WriteByte('\n')
			if line != "" || truthy(a[2]) {
				b.WriteString(indention)
			}
		}
		b.WriteString(line)
	}
	out := b.String()
	if truthy(a[1]) {
		out = indention + out
	}
	return out, ev.size(len(out))
}

func fInt(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("int", []string{"default", "base"}, []Value{int64(0), int64(10)}, args, kwargs)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case int64:
		return x, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return a[0], nil
		}
		return int64(x), nil
	case string:
		base, _ := a[1].(int64)
		s := strings.ReplaceAll(strings.TrimFunc(x, pyIsSpace), "_", "")
		if prefix := map[int64]string{16: "0x", 8: "0o", 2: "0b"}[base]; prefix != "" && len(s) > 2 && strings.EqualFold(s[:2], prefix) {
			s = s[2:] // Python's int(s, base) accepts the prefix of its base
		}
		if n, err := strconv.ParseInt(s, int(base), 64); err == nil {
			return n, nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return int64(f), nil
		}
	}
	return a[0], nil
}

func fFloat(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("float", []string{"default"}, []Value{0.0}, args, kwargs)
	if err != nil {
		return nil, err
	}
	if _, f, _, ok := asNumber(v); ok {
		return f, nil
	}
	if s, ok := v.(string); ok {
		if f, err := strconv.ParseFloat(strings.TrimFunc(s, pyIsSpace), 64); err == nil {
			return f, nil
		}
	}
	return a[0], nil
}

func fReplace(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("replace", []string{"old", "new", "count"}, []Value{nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	count := int64(-1)
	if n, ok := a[2].(int64); ok {
		count = n
	}
	return ev.replace(str(v), str(a[0]), str(a[1]), count)
}

func fReverse(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	if s, ok := v.(string); ok {
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return string(r), nil
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	out := make([]Value, len(items))
	for i, it := range items {
		out[len(items)-1-i] = it
	}
	return &List{Items: out}, nil
}

func fRound(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("round", []string{"precision", "method"}, []Value{int64(0), "common"}, args, kwargs)
	if err != nil {
		return nil, err
	}
	prec, _ := a[0].(int64)
	i, f, isFloat, ok := asNumber(v)
	if !ok {
		return nil, typeErrorf("type %s doesn't define __round__ method", typeName(v))
	}
	method := str(a[1])
	if method != "common" && method != "ceil" && method != "floor" {
		return nil, &EvalError{Kind: "FilterArgumentError", Msg: "method must be common, ceil or floor"}
	}
	if !isFloat && method == "common" {
		return i, nil // Python's round(int, n) stays an int
	}
	scale := math.Pow(10, float64(prec))
	switch method {
	case "ceil":
		return math.Ceil(f*scale) / scale, nil
	case "floor":
		return math.Floor(f*scale) / scale, nil
	}
	// Python rounds the exact binary value half-to-even, which is what strconv does.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', int(max(prec, 0)), 64), 64)
	return r, nil
}

func fTitle(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	// Jinja2's title filter capitalizes words split at whitespace, dashes and opening brackets.
	s := str(v)
	var b strings.Builder
	start := true
	for _, r := range s {
		if unicode.IsSpace(r) || strings.ContainsRune("-([{<", r) {
			b.WriteRune(r)
			start = true
			continue
		}
		if start {
			b.WriteRune(unicode.ToTitle(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = false
	}
	return b.String(), nil
}

func fTrim(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("trim", []string{"chars"}, []Value{nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	return pyStrip(str(v), a[0], true, true)
}

func fTruncate(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("truncate", []string{"length", "killwords", "end", "leeway"},
		[]Value{int64(255), false, "...", int64(5)}, args, kwargs)
	if err != nil {
		return nil, err
	}
	s := []rune(str(v))
	n, _ := a[0].(int64)
	leeway, _ := a[3].(int64)
	end := str(a[2])
	if int64(len(s)) <= n+leeway {
		return string(s), nil
	}
	cut := max(int(n)-runeCount(end), 0)
	head := string(s[:cut])
	if !truthy(a[1]) {
		if i := strings.LastIndexByte(head, ' '); i >= 0 {
			head = head[:i]
		}
	}
	return head + end, nil
}

func fStriptags(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	s := str(v)
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return strings.Join(strings.FieldsFunc(b.String(), pyIsSpace), " "), nil
}

func fWordcount(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	n := 0
	inWord := false
	for _, r := range str(v) {
		w := r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !inWord {
			n++
		}
		inWord = w
	}
	return int64(n), nil
}

func fBatch(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("batch", []string{"linecount", "fill_with"}, []Value{nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	n, _ := a[0].(int64)
	if n <= 0 {
		return nil, valueErrorf("batch size must be positive")
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	var out []Value
	for i := 0; i < len(items); i += int(n) {
		chunk := append([]Value(nil), items[i:min(i+int(n), len(items))]...)
		for a[1] != nil && len(chunk) < int(n) {
			chunk = append(chunk, a[1])
		}
		out = append(out, &List{Items: chunk})
	}
	return &List{Items: out}, nil
}

func fSlice(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("slice", []string{"slices", "fill_with"}, []Value{nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	n, _ := a[0].(int64)
	if n <= 0 {
		return nil, valueErrorf("slices must be positive")
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	per, extra := len(items)/int(n), len(items)%int(n)
	var out []Value
	offset := 0
	for i := 0; i < int(n); i++ {
		size := per
		if i < extra {
			size++
		}
		chunk := append([]Value(nil), items[offset:offset+size]...)
		offset += size
		if a[1] != nil && i >= extra && extra > 0 {
			chunk = append(chunk, a[1])
		}
		out = append(out, &List{Items: chunk})
	}
	return &List{Items: out}, nil
}

// attribute resolves Jinja2's attribute argument ("a.b.0") on one item.
func attribute(v Value, path Value) (Value, error) {
	if n, ok := path.(int64); ok {
		return getItem(v, n)
	}
	for _, part := range strings.Split(str(path), ".") {
		var key Value = part
		if n, err := strconv.ParseInt(part, 10, 64); err == nil {
			key = n
		}
		var err error
		if v, err = getItem(v, key); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// sortKey lowers strings unless case_sensitive, as Jinja2's sort, unique, min, max and dictsort do.
func sortKey(v Value, caseSensitive bool) Value {
	if s, ok := v.(string); ok && !caseSensitive {
		return strings.ToLower(s)
	}
	return v
}

func sortValues(items []Value, key func(Value) (Value, error), reverse bool) ([]Value, error) {
	keys := make([]Value, len(items))
	for i, it := range items {
		k, err := key(it)
		if err != nil {
			return nil, err
		}
		keys[i] = k
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	var cmpErr error
	sort.SliceStable(idx, func(x, y int) bool {
		c, err := order("<", keys[idx[x]], keys[idx[y]])
		if err != nil && cmpErr == nil {
			cmpErr = err
		}
		if reverse {
			return c > 0
		}
		return c < 0
	})
	out := make([]Value, len(items))
	for i, j := range idx {
		out[i] = items[j]
	}
	return out, cmpErr
}

func fSort(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("sort", []string{"reverse", "case_sensitive", "attribute"}, []Value{false, false, nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	out, err := sortValues(items, func(it Value) (Value, error) {
		if a[2] != nil {
			var err error
			if it, err = attribute(it, a[2]); err != nil {
				return nil, err
			}
		}
		return sortKey(it, truthy(a[1])), nil
	}, truthy(a[0]))
	return &List{Items: out}, err
}

func fDictsort(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("dictsort", []string{"case_sensitive", "by", "reverse"}, []Value{false, "key", false}, args, kwargs)
	if err != nil {
		return nil, err
	}
	d, ok := v.(*Dict)
	if !ok {
		return nil, &EvalError{Kind: "FilterArgumentError", Msg: "You can only sort dicts"}
	}
	pos := 0
	switch str(a[1]) {
	case "key":
	case "value":
		pos = 1
	default:
		return nil, &EvalError{Kind: "FilterArgumentError", Msg: "You can only sort by either \"key\" or \"value\""}
	}
	out, err := sortValues(dictItems(d).Items, func(it Value) (Value, error) {
		return sortKey(it.(*List).Items[pos], truthy(a[0])), nil
	}, truthy(a[2]))
	return &List{Items: out}, err
}

func fUnique(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("unique", []string{"case_sensitive", "attribute"}, []Value{false, nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	seen := NewDict()
	var out []Value
	for _, it := range items {
		k := it
		if a[1] != nil {
			if k, err = attribute(it, a[1]); err != nil {
				return nil, err
			}
		}
		k = sortKey(k, truthy(a[0]))
		if _, dup := seen.Get(k); dup {
			continue
		}
		if err := seen.Set(k, true); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return &List{Items: out}, nil
}

func fMinMax(ev *evaluator, v Value, args []Value, kwargs *Dict, name string) (Value, error) {
	a, err := bind(name, []string{"case_sensitive", "attribute"}, []Value{false, nil}, args, kwargs)
	if err != nil {
		return nil, err
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	sorted, err := sortValues(items, func(it Value) (Value, error) {
		if a[1] != nil {
			var err error
			if it, err = attribute(it, a[1]); err != nil {
				return nil, err
			}
		}
		return sortKey(it, truthy(a[0])), nil
	}, name == "max")
	if err != nil {
		return nil, err
	}
	if len(sorted) == 0 {
		return Undefined{hint: "No aggregated item, sequence was empty."}, nil
	}
	return sorted[0], nil
}

func fMin(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	return fMinMax(ev, v, args, kwargs, "min")
}

func fMax(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	return fMinMax(ev, v, args, kwargs, "max")
}

func fSum(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("sum", []string{"attribute", "start"}, []Value{nil, int64(0)}, args, kwargs)
	if err != nil {
		return nil, err
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	total := a[1]
	for _, it := range items {
		if a[0] != nil {
			if it, err = attribute(it, a[0]); err != nil {
				return nil, err
			}
		}
		if total, err = ev.binaryOp("+", total, it); err != nil {
			return nil, err
		}
	}
	return total, nil
}

func fMap(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	out := make([]Value, len(items))
	if attr, ok := kwargs.Get("attribute"); ok && len(args) == 0 {
		def, hasDefault := kwargs.Get("default")
		for i, it := range items {
			if out[i], err = attribute(it, attr); err != nil {
				return nil, err
			}
			if _, undef := out[i].(Undefined); undef && hasDefault {
				out[i] = def
			}
		}
		return &List{Items: out}, nil
	}
	if len(args) == 0 {
		return nil, &EvalError{Kind: "FilterArgumentError", Msg: "map requires a filter argument"}
	}
	name := str(args[0])
	fn, ok := filters[name]
	if !ok {
		return nil, &EvalError{Kind: "TemplateRuntimeError", Msg: "No filter named '" + name + "' found."}
	}
	for i, it := range items {
		if out[i], err = fn(ev, it, args[1:], kwargs); err != nil {
			return nil, err
		}
	}
	return &List{Items: out}, nil
}

// fSelectReject builds select, reject, selectattr and rejectattr.
func fSelectReject(keep, byAttr bool) filterFunc {
	return func(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
		items, err := ev.iterate(v)
		if err != nil {
			return nil, err
		}
		var attr Value
		if byAttr {
			if len(args) == 0 {
				return nil, typeErrorf("selectattr/rejectattr requires an attribute")
			}
			attr, args = args[0], args[1:]
		}
		var out []Value
		for _, it := range items {
			subject := it
			if byAttr {
				if subject, err = attribute(it, attr); err != nil {
					return nil, err
				}
			}
			var ok bool
			if len(args) == 0 {
				ok = truthy(subject)
			} else {
				r, err := ev.runTest(str(args[0]), subject, args[1:], NewDict())
				if err != nil {
					return nil, err
				}
				ok = r
			}
			if ok == keep {
				out = append(out, it)
			}
		}
		return &List{Items: out}, nil
	}
}

func fGroupby(ev *evaluator, v Value, args []Value, kwargs *Dict) (Value, error) {
	a, err := bind("groupby", []string{"attribute", "default", "case_sensitive"}, []Value{nil, false}, args, kwargs)
	if err != nil {
		return nil, err
	}
	items, err := ev.iterate(v)
	if err != nil {
		return nil, err
	}
	keyOfItem := func(it Value) (Value, error) {
		k, err := attribute(it, a[0])
		if err != nil {
			return nil, err
		}
		if _, undef := k.(Undefined); undef && a[1] != nil {
			k = a[1]
		}
		return sortKey(k, truthy(a[2])), nil
	}
	sorted, err := sortValues(items, keyOfItem, false)
	if err != nil {
		return nil, err
	}
	var groups []Value
	for _, it := range sorted {
		k, _ := keyOfItem(it)
		if n := len(groups); n > 0 {
			g := groups[n-1].(*List)
			if valuesEqual(g.Items[0], k) {
				l := g.Items[1].(*List)
				l.Items = append(l.Items, it)
				continue
			}
		}
		groups = append(groups, &List{Items: []Value{k, &List{Items: []Value{it}}}, Tuple: true})
	}
	return &List{Items: groups}, nil
}
