package regex

import (
	"errors"
	"testing"
)

// FuzzEngine: no pattern or input may panic, hang or exceed its budget silently; errors are typed.
func FuzzEngine(f *testing.F) {
	for _, seed := range []string{`a|ab`, `(?i:'s)\p{L}+`, `(?<=a|bc)d(?!e)`, `[a-z&&[^b]]{1,3}?`, `(a*)*b`, `\s+(?!\S)`,
		`(?>x+)y`, `^$\A\z\Z\b\B\G`, `[[:alpha:]\d-]`, patternO200K} {
		f.Add(seed, "abc 'S  日本\n\r\n 123 ½")
	}
	f.Fuzz(func(t *testing.T, pattern, in string) {
		re, err := Compile(pattern)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("%q: untyped compile error %v", pattern, err)
			}
			return
		}
		ms, err := re.FindAllIndex(in, nil)
		if err != nil {
			if !errors.Is(err, ErrBudget) {
				t.Fatalf("untyped match error %v", err)
			}
			return
		}
		last := 0
		for _, m := range ms {
			if m[0] < last || m[1] < m[0] || m[1] > len(in) {
				t.Fatalf("%q on %q: bad matches %v", pattern, in, ms)
			}
			last = m[1]
		}
	})
}

// FuzzScanners: every scanner agrees with the engine on any input.
func FuzzScanners(f *testing.F) {
	for _, seed := range edgeCases() {
		f.Add(seed)
	}
	patterns := scannedPatterns()
	scanners := make([]*Regexp, len(patterns))
	engines := make([]*Regexp, len(patterns))
	for i, p := range patterns {
		scanners[i], engines[i] = MustCompile(p), engineOnly(f, p)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for i := range patterns {
			assertSameMatches(t, scanners[i], engines[i], in)
		}
	})
}
