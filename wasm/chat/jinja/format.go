package jinja

import (
	"strconv"
	"strings"
)

// strFormat is str.format with positional ({} {0}) and named ({name}) fields, !r/!s conversions and simple
// format specs ([[fill]align][width][.precision][type]).
func (ev *evaluator) strFormat(s string, args []Value, kwargs *Dict) (Value, error) {
	var b strings.Builder
	auto := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '}' {
			if i+1 < len(s) && s[i+1] == '}' {
				i++
			}
			b.WriteByte('}')
			continue
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(s) && s[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return nil, valueErrorf("Single '{' encountered in format string")
		}
		field := s[i+1 : i+end]
		i += end
		field, spec, _ := strings.Cut(field, ":")
		field, conv, _ := strings.Cut(field, "!")
		var v Value
		switch n, err := strconv.Atoi(field); {
		case field == "":
			if auto >= len(args) {
				return nil, &EvalError{Kind: "IndexError", Msg: "Replacement index " + strconv.Itoa(auto) + " out of range for positional args tuple"}
			}
			v = args[auto]
			auto++
		case err == nil:
			if n >= len(args) {
				return nil, &EvalError{Kind: "IndexError", Msg: "Replacement index " + field + " out of range for positional args tuple"}
			}
			v = args[n]
		default:
			name, rest, _ := strings.Cut(field, ".")
			got, ok := kwargs.Get(name)
			if !ok {
				return nil, &EvalError{Kind: "KeyError", Msg: repr(name)}
			}
			v = got
			for rest != "" {
				var attr string
				attr, rest, _ = strings.Cut(rest, ".")
				var err error
				if v, err = getAttr(v, attr); err != nil {
					return nil, err
				}
			}
		}
		if conv == "r" {
			v = repr(v)
		}
		out, err := formatSpec(v, spec)
		if err != nil {
			return nil, err
		}
		b.WriteString(out)
		if err := ev.size(b.Len()); err != nil {
			return nil, err
		}
	}
	return b.String(), nil
}

// formatSpec applies a simple format spec to one value.
func formatSpec(v Value, spec string) (string, error) {
	if spec == "" {
		return str(v), nil
	}
	fill, align := " ", byte(0)
	if len(spec) >= 2 && strings.IndexByte("<>^", spec[1]) >= 0 {
		fill, align, spec = spec[:1], spec[1], spec[2:]
	} else if spec != "" && strings.IndexByte("<>^", spec[0]) >= 0 {
		align, spec = spec[0], spec[1:]
	}
	if strings.HasPrefix(spec, "0") && align == 0 {
		fill, align = "0", '='
	}
	typ := byte(0)
	if spec != "" && strings.IndexByte("sdfeg%", spec[len(spec)-1]) >= 0 {
		typ, spec = spec[len(spec)-1], spec[:len(spec)-1]
	}
	widthStr, precStr, hasPrec := strings.Cut(spec, ".")
	width, _ := strconv.Atoi(widthStr)
	prec, _ := strconv.Atoi(precStr)
	var out string
	switch typ {
	case 'd':
		i, _, isFloat, ok := asNumber(v)
		if !ok || isFloat {
			return "", valueErrorf("Unknown format code 'd' for object of type '%s'", typeName(v))
		}
		out = strconv.FormatInt(i, 10)
	case 'f', 'e', 'g', '%':
		_, f, _, ok := asNumber(v)
		if !ok {
			return "", valueErrorf("Unknown format code '%c' for object of type '%s'", typ, typeName(v))
		}
		if !hasPrec {
			prec = 6
		}
		if typ == '%' {
			out = strconv.FormatFloat(f*100, 'f', prec, 64) + "%"
		} else {
			out = strconv.FormatFloat(f, typ, prec, 64)
		}
	default:
		out = str(v)
		if hasPrec && runeCount(out) > prec {
			out = string([]rune(out)[:prec])
		}
	}
	n := runeCount(out)
	if width <= n {
		return out, nil
	}
	if align == 0 {
		align = '<'
		if _, _, _, isNum := asNumber(v); isNum {
			align = '>'
		}
	}
	pad := width - n
	switch align {
	case '<':
		return out + strings.Repeat(fill, pad), nil
	case '^':
		return strings.Repeat(fill, pad/2) + out + strings.Repeat(fill, pad-pad/2), nil
	case '=':
		if strings.HasPrefix(out, "-") {
			return "-" + strings.Repeat(fill, pad) + out[1:], nil
		}
	}
	return strings.Repeat(fill, pad) + out, nil
}

// percentFormat is Python's printf-style "fmt % args" (also the format filter).
func (ev *evaluator) percentFormat(format string, args Value) (Value, error) {
	var positional []Value
	named, isDict := args.(*Dict)
	if l, ok := args.(*List); ok && l.Tuple {
		positional = l.Items
	} else if !isDict {
		positional = []Value{args}
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return nil, valueErrorf("incomplete format")
		}
		var v Value
		haveValue := false
		if format[i] == '(' {
			end := strings.IndexByte(format[i:], ')')
			if end < 0 || !isDict {
				return nil, typeErrorf("format requires a mapping")
			}
			got, ok := named.Get(format[i+1 : i+end])
			if !ok {
				return nil, &EvalError{Kind: "KeyError", Msg: repr(format[i+1 : i+end])}
			}
			v, haveValue = got, true
			i += end + 1
		}
		j := i
		for j < len(format) && strings.IndexByte("-+ #0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			return nil, valueErrorf("incomplete format")
		}
		flags, conv := format[i:j], format[j]
		i = j
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		if !haveValue {
			if next >= len(positional) {
				return nil, typeErrorf("not enough arguments for format string")
			}
			v = positional[next]
			next++
		}
		spec := strings.TrimLeft(flags, "-+ #")
		align := ""
		if strings.Contains(flags, "-") {
			align = "<"
		} else if conv == 's' || conv == 'r' {
			align = ">"
		}
		switch conv {
		case 's':
			v = str(v)
		case 'r':
			v = repr(v)
		case 'i', 'u':
			conv = 'd'
		}
		t := string(conv)
		if conv == 's' || conv == 'r' {
			t = ""
		}
		out, err := formatSpec(v, align+spec+t)
		if err != nil {
			return nil, err
		}
		b.WriteString(out)
	}
	if next < len(positional) && !isDict {
		return nil, typeErrorf("not all arguments converted during string formatting")
	}
	if err := ev.size(b.Len()); err != nil {
		return nil, err
	}
	return b.String(), nil
}
