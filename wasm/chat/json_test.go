package chat

import (
	"testing"
)

func TestParseJSONKeepsPythonSemantics(t *testing.T) {
	// Rendered through tojson and str() so that key order, int/float and escapes are all visible.
	v, err := ParseJSON([]byte(`{"b": 1, "a": [1.0, 2, -3e2, 1e400, 12345678901234567890], "b": true,
		"s": "\u00e9\ud83d\ude00\n\"", "lone": "\ud800x", "n": null}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Render("{{ v | tojson }}|{{ v }}", Request{Kwargs: map[string]any{"v": v}}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// Python: json.loads keeps the first position of a repeated key with the last value; 1e400 is inf.
	want := `{"b": true, "a": [1.0, 2, -300.0, Infinity, 1.2345678901234567e+19], "s": "é😀\n\"", "lone": "` + "\ufffd" + `x", "n": null}` +
		`|{'b': True, 'a': [1.0, 2, -300.0, inf, 1.2345678901234567e+19], 's': 'é😀\n"', 'lone': '` + "\ufffd" + `x', 'n': None}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestParseJSONRejectsMalformed(t *testing.T) {
	for _, in := range []string{`{"a": }`, `[1,]`, `{"a": 1} x`, `"abc`, `{"a" 1}`, `[]]`, `tru`, `"\x"`} {
		if _, err := ParseJSON([]byte(in)); err == nil {
			t.Errorf("%q: want an error", in)
		}
	}
	deep := make([]byte, 0, 2000)
	for range 1000 {
		deep = append(deep, '[')
	}
	if _, err := ParseJSON(deep); err == nil {
		t.Error("nesting past the limit must fail")
	}
}
