package engine

import "unicode/utf8"

// runeMap rewrites a string one rune at a time: every rune becomes up to three runes aligned with it.
// That is what a chain of HF's filter, map and transform-with-insertions steps gives when every step
// maps one rune to runes aligned with it.
type runeMap struct {
	// ascii is what each ASCII byte becomes, asciiRemoved for nothing: most text is ASCII, and a
	// table look-up is much cheaper inside wasm than a call.
	ascii [utf8.RuneSelf]byte
	// other writes what a non-ASCII rune becomes into out and returns how many runes that is.
	other func(r rune, out *[3]rune) int
	// lowersASCII says that ascii lowercases letters and keeps the other printable bytes: words of
	// eight such bytes are then rewritten at once.
	lowersASCII bool
	// spaceIdeographs says that other puts a space on both sides of every CJK ideograph (Bert's
	// handle_chinese_chars): the most common ideographs are then rewritten inline, without a call.
	spaceIdeographs bool
	// out receives what other writes: a local array would escape through the call and be allocated.
	out [3]rune
	// flagsOf remembers the runeFlags of the runes of the BMP met so far, four bits each: most runes
	// are kept, and a look-up is much cheaper than other.
	flagsOf *[0x10000 / 2]byte
}

// runeFlags say what a runeMap does with a non-ASCII rune.
const (
	runeKnown = 1 << iota // the flags were worked out
	runeKept              // other keeps the rune as it is
	runeInert             // the rune is in NFD and combines with nothing (isCanonicallyInert)
)

// asciiRemoved marks an ASCII byte that a runeMap removes.
const asciiRemoved = 0xFF

// newRuneMap fills the ASCII table from other.
func newRuneMap(other func(r rune, out *[3]rune) int) *runeMap {
	m := &runeMap{other: other}
	var buf [3]rune
	for c := range utf8.RuneSelf {
		switch k := other(rune(c), &buf); {
		case k == 0:
			m.ascii[c] = asciiRemoved
		case k == 1 && buf[0] < utf8.RuneSelf:
			m.ascii[c] = byte(buf[0])
		default:
			panic("engine: runeMap maps an ASCII byte to something other than one ASCII byte or nothing")
		}
	}
	m.lowersASCII = true
	for c := byte(' '); c < 0x7F; c++ {
		want := c
		if 'A' <= c && c <= 'Z' {
			want += 'a' - 'A'
		}
		m.lowersASCII = m.lowersASCII && m.ascii[c] == want
	}
	return m
}

// keptWord reports whether s holds at i eight printable ASCII bytes that a lowersASCII map rewrites
// as lowerWord(w) does.
func (m *runeMap) keptWord(s string, i int) (w uint64, ok bool) {
	if !m.lowersASCII || i+8 > len(s) {
		return 0, false
	}
	w = wordAt(s, i)
	return w, w&highBits == 0 && controlBytes(w) == 0
}

// flags returns the runeFlags of the non-ASCII rune r.
func (m *runeMap) flags(r rune) byte {
	if r > 0xFFFF {
		return m.workOutFlags(r)
	}
	if m.flagsOf == nil {
		m.flagsOf = new([0x10000 / 2]byte)
	}
	shift := uint(r&1) * 4
	v := m.flagsOf[r>>1] >> shift & 0xF
	if v == 0 {
		v = m.workOutFlags(r)
		m.flagsOf[r>>1] |= v << shift
	}
	return v
}

func (m *runeMap) workOutFlags(r rune) byte {
	v := byte(runeKnown)
	if m.other(r, &m.out) == 1 && m.out[0] == r {
		v |= runeKept
	}
	if isCanonicallyInertRune(r, false) {
		v |= runeInert
	}
	return v
}

// firstChange is the byte index of the first rune of s that m rewrites, len(s) if none; ok is false
// when inert is set and a rune before that index is not inert.
func (m *runeMap) firstChange(s string, inert bool) (i int, ok bool) {
	for i < len(s) {
		if w, ok := m.keptWord(s, i); ok && upperBytes(w) == 0 {
			i += 8
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if m.ascii[c] != c {
				return i, true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := m.flags(r)
		if inert && f&runeInert == 0 {
			return i, false
		}
		if f&runeKept == 0 {
			return i, true
		}
		i += size
	}
	return len(s), true
}

// rewriteRunes applies m to the normalized string. While every rune becomes one rune of the same
// length, each byte keeps its alignment (identity included) and only the text is written; the
// alignments are written from the first rune that changes length on. With inert set, it gives up,
// leaving the string as it is and returning false, at the first rune that is not inert.
func (n *normalizedString) rewriteRunes(m *runeMap, inert bool) bool {
	s := n.normalized
	i, ok := m.firstChange(s, inert)
	if !ok {
		return false
	}
	if i == len(s) {
		return true
	}
	b := n.buffers()
	out := append(b.out[:0], s[:i]...)
	buf := &m.out
	for i < len(s) {
		if w, ok := m.keptWord(s, i); ok {
			out = appendWord(out, lowerWord(w))
			i += 8
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			to := m.ascii[c]
			if to == asciiRemoved {
				break
			}
			out = append(out, to)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := m.flags(r)
		if inert && f&runeInert == 0 {
			return false
		}
		if size > 1 && f&runeKept != 0 { // size 1 is an invalid byte, which other sees as U+FFFD
			out = append(out, s[i:i+size]...)
			i += size
			continue
		}
		if m.other(r, buf) != 1 || utf8.RuneLen(buf[0]) != size {
			break
		}
		out = utf8.AppendRune(out, buf[0])
		i += size
	}
	if i == len(s) {
		b.out = out
		n.normalized = b.str(out)
		return true
	}
	alignStart := len(b.align)
	align := n.appendAlign(b.align, 0, i)
	for i < len(s) {
		if w, ok := m.keptWord(s, i); ok {
			out = appendWord(out, lowerWord(w))
			if n.identity {
				align = appendByteSpans(align, n.shift+i)
			} else {
				align = append(align, n.align[i:i+8]...)
			}
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if to := m.ascii[c]; to != asciiRemoved {
				out = append(out, to)
				align = append(align, n.alignOfRuneAt(i, 1))
			}
			i++
			continue
		}
		if m.spaceIdeographs && isCommonIdeographAt(s, i) {
			// Ideographs come in runs: stay in this loop for the whole run.
			for i+3 <= len(s) {
				c0, c1, c2 := s[i], s[i+1], s[i+2]
				r := rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
				if c0&0xF0 != 0xE0 || c1&0xC0 != 0x80 || c2&0xC0 != 0x80 || !isCommonIdeograph(r) {
					break
				}
				a := n.alignOfRuneAt(i, 3)
				out = append(out, ' ', c0, c1, c2, ' ')
				align = append(align, a, a, a, a, a)
				i += 3
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f := m.flags(r)
		if inert && f&runeInert == 0 {
			return false
		}
		a := n.alignOfRuneAt(i, size)
		if size > 1 && f&runeKept != 0 {
			out, align = appendRuneAligned(out, align, s, i, size, a)
			i += size
			continue
		}
		for _, o := range buf[:m.other(r, buf)] {
			if o < utf8.RuneSelf {
				out = append(out, byte(o))
				align = append(align, a)
				continue
			}
			out = utf8.AppendRune(out, o)
			for k := utf8.RuneLen(o); k > 0; k-- {
				align = append(align, a)
			}
		}
		i += size
	}
	b.out, b.align = out, align
	n.normalized, n.align, n.identity = b.str(out), b.takeAlign(alignStart), false
	return true
}

// alignOfRuneAt is the root-text alignment of the rune of the given size at normalized byte i.
func (n *normalizedString) alignOfRuneAt(i, size int) span {
	if n.identity {
		return span{n.shift + i, n.shift + i + size}
	}
	return n.align[i]
}

// isCommonIdeographAt reports whether s holds a CJK Unified Ideograph of the BMP (U+3400 to U+4DBF,
// U+4E00 to U+9FFF) at byte i, decoding it inline.
func isCommonIdeographAt(s string, i int) bool {
	if i+2 >= len(s) || s[i]&0xF0 != 0xE0 || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
		return false
	}
	return isCommonIdeograph(rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F))
}

// isCommonIdeograph reports whether r is a CJK Unified Ideograph of the BMP.
func isCommonIdeograph(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF }
