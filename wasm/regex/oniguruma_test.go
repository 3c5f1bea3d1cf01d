package regex

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// onigCase is one line of testdata/onig_cases.jsonl.gz: what Oniguruma 6.9.8 (libonig5, called through
// testdata/onig_oracle.py exactly like the onig crate's find_iter) returned for a pattern and an input.
// The cases (testdata/gen_cases.py) are hand-picked patterns for every syntax feature, the tokenizer
// patterns, and 600 seeded random patterns, each on many short inputs.
type onigCase struct {
	Pattern string   `json:"pattern"`
	Input   string   `json:"input"`
	Matches [][2]int `json:"matches"`
	Error   string   `json:"error"`
}

func readOnigCases(t *testing.T) []onigCase {
	t.Helper()
	f, err := os.Open("testdata/onig_cases.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var cases []onigCase
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c onigCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestEngineMatchesOniguruma replays the Oniguruma fixture on the engine, and on the scanners where a
// pattern has one.
func TestEngineMatchesOniguruma(t *testing.T) {
	cases := readOnigCases(t)
	if len(cases) < 5000 {
		t.Fatalf("fixture has only %d cases", len(cases))
	}
	failures := 0
	for _, c := range cases {
		prog, err := compile(c.Pattern)
		if c.Error != "" {
			if err == nil {
				t.Errorf("%q: Oniguruma rejects it (%s), the engine compiles it", c.Pattern, c.Error)
				failures++
			}
			continue
		}
		if err != nil {
			if errors.Is(err, ErrSyntax) && strings.Contains(err.Error(), "look-behind") {
				continue // variable-length look-behind is refused on purpose (README.md)
			}
			t.Errorf("%q: engine rejects a pattern Oniguruma compiles: %v", c.Pattern, err)
			failures++
			continue
		}
		re := &Regexp{pattern: c.Pattern, prog: prog}
		got, err := re.FindAllIndex(c.Input, nil)
		if err != nil {
			t.Errorf("%q on %q: %v", c.Pattern, c.Input, err)
			failures++
			continue
		}
		if !sameMatches(got, c.Matches) {
			t.Errorf("%q on %q:\n engine    %v\n oniguruma %v", c.Pattern, c.Input, got, c.Matches)
			failures++
		}
		if scanner := knownScanner(c.Pattern); scanner != nil {
			got, _ := (&Regexp{pattern: c.Pattern, scan: scanner}).FindAllIndex(c.Input, nil)
			if !sameMatches(got, c.Matches) {
				t.Errorf("scanner %q on %q:\n scanner   %v\n oniguruma %v", c.Pattern, c.Input, got, c.Matches)
				failures++
			}
		}
		if failures > 30 {
			t.Fatal("too many failures")
		}
	}
}

func sameMatches(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
