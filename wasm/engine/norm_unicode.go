package engine

import (
	"slices"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// unicodeNormalizer is one of HF's NFC, NFD, NFKC, NFKD normalizers.
type unicodeNormalizer struct {
	form      norm.Form // the whole normalization, used to find what changes
	decompose norm.Form // NFD or NFKD, for one rune at a time
	compose   bool
	canonical bool // NFC or NFD
}

func newUnicodeNormalizer(typ string) unicodeNormalizer {
	switch typ {
	case "NFD":
		return unicodeNormalizer{norm.NFD, norm.NFD, false, true}
	case "NFKC":
		return unicodeNormalizer{norm.NFKC, norm.NFKD, true, false}
	case "NFKD":
		return unicodeNormalizer{norm.NFKD, norm.NFKD, false, false}
	}
	return unicodeNormalizer{norm.NFC, norm.NFD, true, true}
}

// isNormal reports whether s is in the normalizer's form.
func (u unicodeNormalizer) isNormal(s string) bool {
	// ASCII and common CJK is normal in the canonical forms, whatever surrounds it; text the quick
	// check passes whole is normal. All save IsNormalString's allocation, and the first one the
	// quick check's per-rune look-ups, which are slow inside wasm.
	if u.canonical && isCanonicallyInert(s, u.compose) || !u.canonical && isASCII(s) {
		return true
	}
	return u.form.QuickSpanString(s) == len(s) || u.form.IsNormalString(s)
}

func (u unicodeNormalizer) normalize(n *normalizedString) error {
	s := n.get()
	if u.isNormal(s) {
		return nil
	}
	b := n.buffers()
	dest := b.changes[:0]
	var it norm.Iter
	it.InitString(u.form, s)
	for pos := 0; !it.Done(); {
		out := it.Next()
		seg := s[pos:it.Pos()]
		pos = it.Pos()
		if string(out) == seg {
			for _, r := range seg {
				dest = append(dest, runeChange{r, 0})
			}
			continue
		}
		dest = u.alignSegment(dest, seg)
	}
	b.changes = dest
	n.transform(dest, 0)
	return nil
}

// alignSegment normalizes one segment that changes, producing the same (rune, change) pairs as the
// unicode-normalization-alignments crate HF uses: each rune is decomposed (its first part replaces it,
// the others are insertions), combining marks are put in canonical order, and, for the composed forms,
// a composition folds the change of the absorbed mark into the composed rune.
func (u unicodeNormalizer) alignSegment(dest []runeChange, seg string) []runeChange {
	type decomposed struct {
		r      rune
		ccc    uint8
		change int
	}
	var buf []decomposed
	pending := 0 // start of the block that canonical ordering may still rearrange
	sortPending := func() {
		slices.SortStableFunc(buf[pending:], func(a, b decomposed) int { return int(a.ccc) - int(b.ccc) })
		pending = len(buf)
	}
	for _, r := range seg {
		first := true
		for _, d := range u.decompose.String(string(r)) {
			ccc := combiningClass(d)
			if ccc == 0 {
				sortPending()
			}
			change := 1
			if first {
				change = 0
			}
			buf = append(buf, decomposed{d, ccc, change})
			first = false
		}
	}
	sortPending()
	if !u.compose {
		for _, d := range buf {
			dest = append(dest, runeChange{d.r, d.change})
		}
		return dest
	}
	// The crate's Recompositions state machine.
	var composee runeChange
	haveComposee := false
	var blocked []runeChange
	lastCCC, haveLast := uint8(0), false
	flush := func() {
		dest = append(dest, blocked...)
		blocked = blocked[:0]
	}
	for _, d := range buf {
		if !haveComposee {
			if d.ccc != 0 {
				dest = append(dest, runeChange{d.r, d.change})
				continue
			}
			composee, haveComposee = runeChange{d.r, d.change}, true
			continue
		}
		if haveLast && lastCCC >= d.ccc {
			if d.ccc == 0 {
				dest = append(dest, composee)
				flush()
				composee, haveLast = runeChange{d.r, d.change}, false
				continue
			}
			blocked = append(blocked, runeChange{d.r, d.change})
			lastCCC = d.ccc
			continue
		}
		if c, ok := composePair(composee.r, d.r); ok {
			composee = runeChange{c, composee.change + d.change - 1}
			continue
		}
		if !haveLast && d.ccc == 0 {
			dest = append(dest, composee)
			composee = runeChange{d.r, d.change}
			continue
		}
		blocked = append(blocked, runeChange{d.r, d.change})
		lastCCC, haveLast = d.ccc, true
	}
	if haveComposee {
		dest = append(dest, composee)
	}
	flush()
	return dest
}

// combiningClass is the canonical combining class of r.
func combiningClass(r rune) uint8 {
	var buf [4]byte
	n := encodeRune(buf[:], r)
	return norm.NFD.Properties(buf[:n]).CCC()
}

// composePair is the primary composite of a and b, if any: NFC of the pair is a single rune.
func composePair(a, b rune) (rune, bool) {
	out := []rune(norm.NFC.String(string([]rune{a, b})))
	if len(out) != 1 {
		return 0, false
	}
	return out[0], true
}

func encodeRune(p []byte, r rune) int { return utf8.EncodeRune(p, r) }

// isASCII reports whether s has only ASCII bytes, testing eight at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if load64(s, i)&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isCanonicallyInert reports whether every rune of s is ASCII or in a range of common runes (Latin-1,
// punctuation, CJK) that are in NFC (composed) or NFD, have combining class 0 and combine with nothing:
// such text is in that form. Runes are decoded inline.
func isCanonicallyInert(s string, composed bool) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) && wordAt(s, i)&highBits == 0 {
			i += 8
			continue
		}
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c == 0xC2 || c == 0xC3:
			// U+0080 to U+00FF: the letters from U+00C0 on decompose.
			if i+1 >= len(s) || s[i+1]&0xC0 != 0x80 || c == 0xC3 && !composed {
				return false
			}
			i += 2
		case c&0xF0 == 0xE0:
			if i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
				return false
			}
			if r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); !isCommonIdeograph(r) && !isCanonicallyInert3(r, composed) {
				return false
			}
			i += 3
		default:
			return false
		}
	}
	return true
}

// isCanonicallyInertRune is isCanonicallyInert for the one rune r.
func isCanonicallyInertRune(r rune, composed bool) bool {
	switch {
	case r < 0xC0:
		return true // ASCII, and U+0080 to U+00BF
	case r < 0x100:
		return composed
	case r < 0x800 || r > 0xFFFF:
		return false
	}
	return isCommonIdeograph(r) || isCanonicallyInert3(r, composed)
}

// isCanonicallyInert3 is isCanonicallyInert for one rune of three bytes.
func isCanonicallyInert3(r rune, composed bool) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF: // CJK Unified Ideographs
	case r >= 0x3000 && r <= 0x3029, r >= 0x30FB && r <= 0x30FD: // CJK punctuation
	case r >= 0xFF00 && r <= 0xFFEF: // full- and half-width forms
	case r >= 0x2010 && r <= 0x205E, r >= 0x2500 && r <= 0x25FF: // punctuation, box drawing, shapes
	case composed && (r >= 0x3030 && r <= 0x3098 || r >= 0x309B && r <= 0x30FF): // kana, voiced ones composed
	case composed && r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
	default:
		return false
	}
	return true
}
