package engine

import "unicode/utf8"

// rewriteRunes replaces every rune of the normalized string by the runes f writes into out (none
// removes the rune); each output rune takes the alignment of the rune it comes from. That is what a
// chain of HF's filter, map and transform-with-insertions steps gives when every step maps one rune to
// runes aligned with it, done in one pass.
func (n *normalizedString) rewriteRunes(f func(r rune, out *[3]rune) int) {
	if out, ok := rewriteSameShape(n.normalized, f); ok {
		// Every rune became one rune of the same length: each byte keeps its alignment, identity
		// included.
		n.normalized = out
		return
	}
	s := n.normalized
	out := make([]byte, 0, len(s)+len(s)/4)
	align := make([]span, 0, cap(out))
	var buf [3]rune
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var a span
		if n.identity {
			a = span{n.shift + i, n.shift + i + size}
		} else {
			a = n.align[i]
		}
		for _, c := range buf[:f(r, &buf)] {
			if c < utf8.RuneSelf {
				out = append(out, byte(c))
				align = append(align, a)
				continue
			}
			out = utf8.AppendRune(out, c)
			for k := utf8.RuneLen(c); k > 0; k-- {
				align = append(align, a)
			}
		}
		i += size
	}
	n.normalized, n.align, n.identity = string(out), align, false
}

// rewriteSameShape applies f to s when f maps every rune to one rune of the same length; ok is false
// otherwise.
func rewriteSameShape(s string, f func(r rune, out *[3]rune) int) (string, bool) {
	out := make([]byte, 0, len(s))
	var buf [3]rune
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if f(r, &buf) != 1 || utf8.RuneLen(buf[0]) != size {
			return "", false
		}
		out = utf8.AppendRune(out, buf[0])
		i += size
	}
	return string(out), true
}
