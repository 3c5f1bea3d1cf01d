package jsonscan_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

func TestStringUnescapes(t *testing.T) {
	cases := map[string]string{
		`"plain"`:                 "plain",
		`"a\"b\\c\/d"`:            `a"b\c/d`,
		`"\b\f\n\r\t"`:            "\b\f\n\r\t",
		`"\u0041\u00e9\u4e2d"`:    "Aé中",
		`"\ud83d\ude00 smile"`:    "😀 smile",
		`"\u0000"`:                "\x00",
		`"Ġhello ĊĠ"`:             "Ġhello ĊĠ",
		`"\uD834\uDD1E"`:          "𝄞",
		`  "padded"  `:            "padded",
		`"mixed é\u00e9 and \\n"`: `mixed éé and \n`,
	}
	for in, want := range cases {
		s := jsonscan.New([]byte(in), 8)
		got := string(s.String())
		if err := s.Finish(); err != nil || got != want {
			t.Errorf("String(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestRejectsMalformed(t *testing.T) {
	for _, in := range []string{
		``, `{`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `[1 2]`, `01`, `-`, `1.`, `.5`, `1e`, `+1`, `0x10`,
		`"abc`, `"a\x"`, `"\u12"`, `"\uZZZZ"`, "\"a\tb\"", "\"\x01\"", `"\ud800"`, `"\udc00"`, `"\ud800\u0041"`,
		"\"\xff\"", "\"\xed\xa0\x80\"", `tru`, `nul`, `[1] 2`, `{"a":1}}`, `NaN`, `Infinity`, `'a'`,
	} {
		s := jsonscan.New([]byte(in), 8)
		s.Skip()
		if err := s.Finish(); err == nil {
			t.Errorf("Skip(%q) accepted malformed JSON", in)
		} else if !errors.As(err, new(*jsonscan.SyntaxError)) {
			t.Errorf("Skip(%q): %v is not a *SyntaxError", in, err)
		}
	}
}

func TestSkipReturnsRawValue(t *testing.T) {
	in := ` {"a": [1, -2.5e+3, true, false, null, {"b": "\u00e9"}], "c": {}} `
	s := jsonscan.New([]byte(in), 8)
	raw := s.Skip()
	if err := s.Finish(); err != nil || string(raw) != strings.TrimSpace(in) {
		t.Fatalf("Skip = %q, %v", raw, err)
	}
}

func TestDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	s := jsonscan.New([]byte(deep), 128)
	s.Skip()
	err := s.Finish()
	if !errors.Is(err, jsonscan.ErrTooDeep) {
		t.Fatalf("100000-deep array: %v, want ErrTooDeep", err)
	}
	ok := strings.Repeat(`{"a":`, 128) + "1" + strings.Repeat("}", 128)
	s = jsonscan.New([]byte(ok), 128)
	s.Skip()
	if err := s.Finish(); err != nil {
		t.Fatalf("128-deep object: %v", err)
	}
}

func TestMembersAndScalars(t *testing.T) {
	s := jsonscan.New([]byte(`{"id": 4294967295, "neg": -1, "f": 0.25, "on": true, "off": false, "none": null, "list": ["x", "y"]}`), 8)
	var got []string
	for key := range s.Members() {
		switch string(key) {
		case "id":
			if n := s.Uint(1<<32 - 1); n != 1<<32-1 {
				t.Errorf("id = %d", n)
			}
		case "neg":
			if f := s.Float(); f != -1 {
				t.Errorf("neg = %v", f)
			}
		case "f":
			if f := s.Float(); f != 0.25 {
				t.Errorf("f = %v", f)
			}
		case "on", "off":
			got = append(got, string(key)+"="+map[bool]string{true: "t", false: "f"}[s.Bool()])
		case "none":
			if !s.Null() {
				t.Error("none is not null")
			}
		case "list":
			for i := range s.Elements() {
				got = append(got, string(rune('0'+i))+string(s.String()))
			}
		}
	}
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "on=t,off=f,0x,1y" {
		t.Errorf("got %v", got)
	}
}

func TestUintRange(t *testing.T) {
	for _, in := range []string{"-1", "1.5", "1e3", "4294967296", "99999999999999999999999"} {
		s := jsonscan.New([]byte(in), 8)
		s.Uint(1<<32 - 1)
		if s.Err() == nil {
			t.Errorf("Uint(%s) accepted", in)
		}
	}
}

func TestBodyMustConsumeValue(t *testing.T) {
	s := jsonscan.New([]byte(`{"a": 1, "b": 2}`), 8)
	for range s.Members() {
		// consumes nothing: the scanner then meets the value where it expects "," or "}"
	}
	if s.Err() == nil {
		t.Fatal("a member whose value was not consumed went unnoticed")
	}
}

// FuzzSkip checks the scanner against encoding/json: whatever it accepts, encoding/json accepts too, and
// every string it accepts decodes to the same bytes. It is stricter than encoding/json on lone
// surrogates and invalid UTF-8 only.
func FuzzSkip(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"\ud83d\ude00"`, `-0.5e-3`, `[true,false]`, `"é\n"`, `{"":""}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := jsonscan.New(data, 64)
		s.Skip()
		err := s.Finish()
		if err == nil && !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		if err != nil || data[firstNonSpace(data)] != '"' {
			return
		}
		var want string
		if jerr := json.Unmarshal(data, &want); jerr != nil {
			t.Fatalf("encoding/json rejects %q: %v", data, jerr)
		}
		s = jsonscan.New(data, 64)
		if got := string(s.String()); got != want {
			t.Fatalf("String(%q) = %q, encoding/json %q", data, got, want)
		}
	})
}

func firstNonSpace(data []byte) int {
	return len(data) - len(strings.TrimLeft(string(data), " \t\r\n"))
}

func TestUintObject(t *testing.T) {
	s := jsonscan.New([]byte(`{"a": 1, "\u00e9\\n": 22 , "":0,"long key with spaces": 4294967295}`), 8)
	keys, ends, vals := s.UintObject(nil, nil, nil, 1<<32-1, 10)
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	if string(keys) != `aé\nlong key with spaces` || fmt.Sprint(ends) != "[1 5 5 25]" || fmt.Sprint(vals) != "[1 22 0 4294967295]" {
		t.Errorf("keys %q ends %v vals %v", keys, ends, vals)
	}
	for _, in := range []string{`{"a": 1.5}`, `{"a": "1"}`, `{"a": 01}`, `{"a" 1}`, `{"a": 1,}`, `{"a": 11}`} {
		s := jsonscan.New([]byte(in), 8)
		s.UintObject(nil, nil, nil, 10, 10)
		if s.Finish() == nil {
			t.Errorf("UintObject(%s) accepted", in)
		}
	}
	s = jsonscan.New([]byte(`{"a": 1, "b": 2, "c": 3}`), 8)
	s.UintObject(nil, nil, nil, 10, 2)
	if !errors.Is(s.Err(), jsonscan.ErrTooMany) {
		t.Errorf("3 members with a limit of 2: %v, want ErrTooMany", s.Err())
	}
}

func TestStringArray(t *testing.T) {
	s := jsonscan.New([]byte(`[["a", "b\"c"], ["\u0041", ""]]`), 8)
	if s.FirstElement() != jsonscan.Array {
		t.Fatal("FirstElement is not Array")
	}
	text, ends := s.StringArray(nil, nil, 2, 10)
	if err := s.Finish(); err != nil || string(text) != `ab"cA` || fmt.Sprint(ends) != "[1 4 5 5]" {
		t.Errorf("text %q ends %v err %v", text, ends, err)
	}
	for _, in := range []string{`[["a"]]`, `[["a", "b", "c"]]`, `["a b", ["a", "b"]]`, `[1]`} {
		s := jsonscan.New([]byte(in), 8)
		s.StringArray(nil, nil, 2, 10)
		if s.Finish() == nil {
			t.Errorf("StringArray(%s, pairs) accepted", in)
		}
	}
	s = jsonscan.New([]byte(`["x y", "z"]`), 8)
	text, ends = s.StringArray(nil, nil, 0, 10)
	if err := s.Finish(); err != nil || string(text) != "x yz" || fmt.Sprint(ends) != "[3 4]" {
		t.Errorf("text %q ends %v err %v", text, ends, err)
	}
}
