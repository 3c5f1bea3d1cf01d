package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func TestCheckJSONText(t *testing.T) {
	for body, ok := range map[string]bool{
		`{"prompt": "plain"}`:                true,
		`{"prompt": "\ud83d\ude00 pair"}`:    true,
		`{"prompt": "\u00e9 \u4e2d"}`:        true,
		`{"prompt": "\\udc00 is text"}`:      true, // an escaped backslash, then letters
		`{"prompt": "\\\ud800"}`:             false,
		`{"prompt": "\udc00"}`:               false,
		`{"prompt": "\ud83d"}`:               false,
		`{"prompt": "\ud83d\u0041"}`:         false,
		`{"prompt": "\ud83d\ud83d\ude00"}`:   false,
		"{\"prompt\": \"caf\xc3\xa9\"}":      true,
		"{\"prompt\": \"\xc3\"}":             false,
		"{\"prompt\": \"\xed\xa0\x80\"}":     false, // a surrogate encoded in UTF-8
		`{"prompt": "ends with a backslash\`: true,  // left to the JSON parser
	} {
		if err := checkJSONText([]byte(body)); (err == nil) != ok {
			t.Errorf("%q: %v, want ok=%v", body, err, ok)
		}
	}
}

func TestAppendJSONStringRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", "quote \" backslash \\ slash /", "\n\r\t\x00\x1f\x7f", "é 中 😀", "\u2028<>&", "Ġworld"} {
		var back string
		if err := json.Unmarshal(appendJSONString(nil, s), &back); err != nil || back != s {
			t.Errorf("%q came back as %q (%v)", s, back, err)
		}
	}
	if got := string(appendJSONString(nil, "a\xffb")); got != `"a\ufffdb"` {
		t.Errorf("invalid UTF-8: %s", got)
	}
}

func TestPromptsDecode(t *testing.T) {
	for body, want := range map[string]string{
		`{"prompt": "a"}`:                     `["a"] false`,
		`{"prompt": "tab\there \u00e9\"q\""}`: `["tab\there é\"q\""] false`,
		`{"prompt": ["a", "b\n"]}`:            `["a","b\n"] true`,
		`{"prompt": []}`:                      `[] true`,
		`{"prompt": null}`:                    `null false`,
		`{}`:                                  `null false`,
	} {
		var req tokenizeRequest
		if err := json.Unmarshal([]byte(body), &req); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		texts, _ := json.Marshal(req.Prompt.texts)
		if got := string(texts) + " " + strconv.FormatBool(req.Prompt.batch); got != want {
			t.Errorf("%s: %s, want %s", body, got, want)
		}
	}
	for _, body := range []string{`{"prompt": 3}`, `{"prompt": [1]}`, `{"prompt": {}}`, `{"prompt": true}`} {
		var req tokenizeRequest
		if err := json.Unmarshal([]byte(body), &req); err == nil || !strings.Contains(err.Error(), "prompt must be a string or a list of strings") {
			t.Errorf("%s: %v", body, err)
		}
	}
}

// FuzzTokenizeRequest checks the one-pass prompt decoding against encoding/json's plain decoding: same
// prompts whenever the body is accepted, and no body accepted that encoding/json refuses.
func FuzzTokenizeRequest(f *testing.F) {
	for _, seed := range []string{`{"prompt": "a"}`, `{"prompt": ["a\n", "\u00e9"]}`, `{"prompt": "\ud83d\ude00"}`,
		`{"prompt": null, "model": "x"}`, `{"prompt": "\\"}`, `{"prompt": 1}`, `[]`, `{"prompt": "a\udc00"}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req tokenizeRequest
		err := checkJSONText(body)
		if err == nil {
			err = json.Unmarshal(body, &req)
		}
		var ref struct {
			Prompt any `json:"prompt"`
		}
		refErr := json.Unmarshal(body, &ref)
		if err != nil {
			return
		}
		if refErr != nil {
			t.Fatalf("accepted a body encoding/json refuses (%v): %q", refErr, body)
		}
		var want []string
		switch p := ref.Prompt.(type) {
		case string:
			want = []string{p}
		case []any:
			for _, s := range p {
				want = append(want, s.(string))
			}
		}
		if len(want) != len(req.Prompt.texts) {
			t.Fatalf("%q: prompts %q, want %q", body, req.Prompt.texts, want)
		}
		for i := range want {
			if want[i] != req.Prompt.texts[i] {
				t.Fatalf("%q: prompts %q, want %q", body, req.Prompt.texts, want)
			}
		}
	})
}
