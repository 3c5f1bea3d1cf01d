package httpapi

import (
	"encoding/json"
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

func TestStringOrList(t *testing.T) {
	for raw, want := range map[string]string{
		`"a"`: "[a] false <nil>", ` ["a", "b"]`: "[a b] true <nil>", `[]`: "[] true <nil>",
		``: "prompt is required", `null`: "prompt is required", `3`: "must be a string", `[1]`: "must be a string", `{}`: "must be a string",
	} {
		texts, batch, err := stringOrList(json.RawMessage(raw), "prompt")
		got := strings.TrimSpace(strings.Join([]string{formatList(texts), formatBool(batch), formatErr(err)}, " "))
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("%s: %s, want %s", raw, got, want)
		}
	}
}

func formatList(s []string) string { return "[" + strings.Join(s, " ") + "]" }
func formatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
func formatErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
