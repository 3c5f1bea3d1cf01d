package engine

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestCanonicallyInertRunes checks every rune isCanonicallyInert lets through against x/text: it is in
// the form, has combining class 0 and, for NFC, cannot combine with a rune before it. Any text made
// of such runes is then in the form.
func TestCanonicallyInertRunes(t *testing.T) {
	for _, composed := range []bool{false, true} {
		form := norm.NFD
		if composed {
			form = norm.NFC
		}
		count := 0
		for r := rune(0x80); r <= 0xFFFF; r++ {
			s := string(r)
			if isCanonicallyInertRune(r, composed) != isCanonicallyInert(s, composed) {
				t.Errorf("composed=%v: U+%04X: the rune and the string checks differ", composed, r)
			}
			if !isCanonicallyInert(s, composed) {
				continue
			}
			count++
			p := form.PropertiesString(s)
			if !form.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
				t.Errorf("composed=%v: U+%04X passes as inert, but normal=%v ccc=%d boundaryBefore=%v",
					composed, r, form.IsNormalString(s), p.CCC(), p.BoundaryBefore())
			}
		}
		if count < 20000 {
			t.Errorf("composed=%v: only %d inert runes", composed, count)
		}
	}
}

// TestCanonicallyInertText checks whole strings: inert text is normal, and a rune outside the ranges
// (a combining mark, a decomposable letter) or a broken sequence makes the check fail.
func TestCanonicallyInertText(t *testing.T) {
	cases := []struct {
		s        string
		composed bool
		want     bool
	}{
		{"plain ASCII", false, true},
		{"中文，「引号」— ¿qué?", true, true},
		{"中文，「引号」— ¿que?", false, true},
		{"qué", false, false},         // é decomposes in NFD
		{"e\u0301", true, false},      // combining acute accent
		{"が", false, false},           // decomposes in NFD
		{"が", true, true},             // composed already
		{"\u304b\u3099", true, false}, // voiced sound mark composes with か
		{"\xe4\xb8", true, false},     // cut-off sequence
		{"😀", true, false},            // four bytes: not looked at
	}
	for _, c := range cases {
		if got := isCanonicallyInert(c.s, c.composed); got != c.want {
			t.Errorf("isCanonicallyInert(%q, %v) = %v, want %v", c.s, c.composed, got, c.want)
		}
	}
}
