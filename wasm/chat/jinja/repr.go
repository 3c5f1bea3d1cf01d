package jinja

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxPrint caps how much printing one value may produce. Past it the text is cut one byte over the cap, which
// every size check then refuses (Limits.MaxOutputBytes is clamped below it), so a value repeated many times
// inside a list cannot make printing allocate without bound.
const maxPrint = 64 << 20

// str is Python's str(v), which is what {{ v }}, ~ and |string print.
func str(v Value) string { return strCapped(v, maxPrint) }

// str prints v for the output, stopping just past the output limit so that the size check that follows fails
// before much is built.
func (ev *evaluator) str(v Value) string { return strCapped(v, ev.lim.MaxOutputBytes) }

func strCapped(v Value, max int) string {
	switch x := v.(type) {
	case string:
		return x
	case Undefined:
		return ""
	}
	p := printer{max: max}
	p.write(v)
	return p.b.String()
}

// repr is Python's repr(v), used for the items of printed lists and dicts.
func repr(v Value) string {
	p := printer{max: maxPrint}
	p.write(v)
	return p.b.String()
}

type printer struct {
	b      strings.Builder
	max    int
	active []any // containers being printed, to print a cycle as Python does: [...], {...}
}

func (p *printer) full() bool { return p.b.Len() > p.max }

func (p *printer) enter(c any) bool {
	for _, a := range p.active {
		if a == c {
			return false
		}
	}
	p.active = append(p.active, c)
	return true
}

func (p *printer) leave() { p.active = p.active[:len(p.active)-1] }

func (p *printer) write(v Value) {
	if p.full() {
		return
	}
	b := &p.b
	switch x := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(formatFloat(x))
	case string:
		writeQuoted(b, x)
	case Undefined:
		b.WriteString("Undefined")
	case *List:
		open, close := "[", "]"
		if x.Tuple {
			open, close = "(", ")"
		}
		if !p.enter(x) {
			b.WriteString(open + "..." + close)
			return
		}
		defer p.leave()
		b.WriteString(open)
		for i, it := range x.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			p.write(it)
			if p.full() {
				return
			}
		}
		if x.Tuple && len(x.Items) == 1 {
			b.WriteByte(',')
		}
		b.WriteString(close)
	case *Dict:
		if !p.enter(x) {
			b.WriteString("{...}")
			return
		}
		defer p.leave()
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			p.write(k)
			b.WriteString(": ")
			p.write(x.vals[i])
			if p.full() {
				return
			}
		}
		b.WriteByte('}')
	case *namespace:
		b.WriteString("<Namespace ")
		p.write(x.attrs)
		b.WriteByte('>')
	case *loopContext:
		fmt.Fprintf(b, "<LoopContext %d/%d>", x.index+1, x.length)
	case *macro:
		fmt.Fprintf(b, "<Macro '%s'>", x.def.name)
	default:
		fmt.Fprintf(b, "<%s>", typeName(v))
	}
}

// formatFloat is Python's repr(float): the shortest round-tripping digits, positional notation for exponents
// in [-4, 16) with at least one decimal, scientific notation with a two-digit exponent otherwise.
func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if exp >= -4 && exp < 16 {
		if exp >= 0 {
			if len(digits) <= exp+1 {
				out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
			} else {
				out = digits[:exp+1] + "." + digits[exp+1:]
			}
		} else {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		}
	} else {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		out = fmt.Sprintf("%se%s%02d", m, sign, exp)
	}
	if neg {
		return "-" + out
	}
	return out
}

// writeQuoted is Python's repr(str): single quotes unless the text has ' and no ", printable characters kept.
func writeQuoted(b *strings.Builder, s string) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		plain := i
		for plain < len(s) && s[plain] >= 0x20 && s[plain] < 0x7f && s[plain] != quote && s[plain] != '\\' {
			plain++
		}
		b.WriteString(s[i:plain])
		if i = plain; i == len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(b, `\x%02x`, s[i-1])
		case r < 0x7f && r >= 0x20, r > 0x7f && isPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			fmt.Fprintf(b, `\U%08x`, r)
		}
	}
	b.WriteByte(quote)
}

// isPrintable approximates Python's str.isprintable for one character: letters, marks, numbers, punctuation
// and symbols, but no separators other than the ASCII space.
func isPrintable(r rune) bool {
	return r == ' ' || unicode.IsPrint(r) && !unicode.Is(unicode.Zs, r)
}

// Str is Python's str(v): what the template prints for v.
func Str(v Value) string { return str(v) }
