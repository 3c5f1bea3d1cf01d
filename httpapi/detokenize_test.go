package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
	"github.com/tokenizerd/tokenizerd/internal/reference"
)

func TestDetokenizeMatchesGolden(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: qwen})
	ctx := context.Background()
	records := reference.Golden(t, qwen)
	var lists [][]uint32
	var want, wantSkip []string
	for i := 0; i < len(records); i += 13 {
		r := records[i]
		got, err := h.client.Detokenize(ctx, r.IDs, client.DetokenizeOptions{})
		if err != nil || got != r.Decoded {
			t.Fatalf("record %d: %q, %v; want %q", r.ID, got, err, r.Decoded)
		}
		lists, want, wantSkip = append(lists, r.IDs), append(want, r.Decoded), append(wantSkip, r.DecodedSkip)
	}
	for _, skip := range []bool{false, true} {
		got, err := h.client.DetokenizeBatch(ctx, lists, client.DetokenizeOptions{Model: qwen, SkipSpecialTokens: skip})
		if err != nil {
			t.Fatal(err)
		}
		w := want
		if skip {
			w = wantSkip
		}
		if len(got) != len(w) {
			t.Fatalf("%d texts for %d lists", len(got), len(w))
		}
		for i := range w {
			if got[i] != w[i] {
				t.Fatalf("skip=%v list %d: %q, want %q", skip, i, got[i], w[i])
			}
		}
	}
}

func TestDetokenizeShapes(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2})
	cases := []struct{ body, want string }{
		{`{"tokens": [15496, 995]}`, `{"prompt":"Hello world"}`},
		{`{"tokens": []}`, `{"prompt":""}`},
		{`{"model": "openai-community/gpt2", "tokens": [[15496, 995], [], [50256, 15496]]}`,
			`{"prompt":["Hello world","","<|endoftext|>Hello"]}`},
		{`{"tokens": [[50256, 15496]], "skip_special_tokens": true}`, `{"prompt":["Hello"]}`},
		{`{"tokens": [198, 1, 59]}`, `{"prompt":"\n\"\\"}`},
	}
	for _, tc := range cases {
		status, out := h.postJSONRaw(t, "/detokenize", tc.body)
		if status != http.StatusOK || strings.TrimSpace(string(out)) != tc.want {
			t.Errorf("%s: status %d body %s, want %s", tc.body, status, out, tc.want)
		}
	}
}

func (h *harness) postJSONRaw(t testing.TB, path, body string) (int, []byte) {
	t.Helper()
	status, _, out := h.do(t, http.MethodPost, path, "application/json", []byte(body))
	return status, out
}
