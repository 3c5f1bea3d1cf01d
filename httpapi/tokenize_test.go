package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
	"github.com/tokenizerd/tokenizerd/internal/reference"
)

const (
	gpt2 = "openai-community/gpt2"
	qwen = "Qwen/Qwen3"
)

func wantOffsets(r reference.Record) [][2]uint32 {
	out := make([][2]uint32, len(r.Offsets))
	for i, o := range r.Offsets {
		out[i] = [2]uint32{uint32(o[0]), uint32(o[1])}
	}
	return out
}

func diffEncoding(got client.Encoding, r reference.Record) string {
	switch {
	case fmt.Sprint(got.Tokens) != fmt.Sprint(r.IDs):
		return fmt.Sprintf("ids %v, want %v", got.Tokens, r.IDs)
	case got.TokenStrs != nil && !reflect.DeepEqual(got.TokenStrs, r.Tokens):
		return fmt.Sprintf("token_strs %q, want %q", got.TokenStrs, r.Tokens)
	case got.Offsets != nil && fmt.Sprint(got.Offsets) != fmt.Sprint(wantOffsets(r)):
		return fmt.Sprintf("offsets %v, want %v", got.Offsets, wantOffsets(r))
	}
	return ""
}

func TestTokenizeMatchesGoldenOverTheSocket(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2})
	ctx := context.Background()
	for _, model := range []string{gpt2, qwen} {
		records := reference.Golden(t, model)
		for i := 0; i < len(records); i += 7 { // every 7th record keeps the test quick and covers both flags
			r := records[i]
			got, err := h.client.Tokenize(ctx, r.Text, client.TokenizeOptions{
				Model: model, AddSpecialTokens: &r.AddSpecialTokens, ReturnTokenStrs: true, ReturnOffsets: true,
			})
			if err != nil {
				t.Fatalf("%s record %d: %v", model, r.ID, err)
			}
			if d := diffEncoding(got.Encoding, r); d != "" {
				t.Fatalf("%s record %d (add_special_tokens=%v): %s", model, r.ID, r.AddSpecialTokens, d)
			}
		}
	}
}

func TestTokenizeBatchKeepsOrder(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: qwen})
	records := reference.Golden(t, qwen)
	var prompts []string
	var want []reference.Record
	for i := 3; i < len(records) && len(prompts) < 60; i += 31 {
		if records[i].AddSpecialTokens {
			prompts, want = append(prompts, records[i].Text), append(want, records[i])
		}
	}
	got, err := h.client.TokenizeBatch(context.Background(), prompts, client.TokenizeOptions{ReturnTokenStrs: true, ReturnOffsets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d encodings for %d prompts", len(got), len(want))
	}
	for i, r := range want {
		if d := diffEncoding(got[i], r); d != "" {
			t.Fatalf("prompt %d (record %d): %s", i, r.ID, d)
		}
	}
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestTokenizeVLLMShapes(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2})
	// "Hello world" is [15496, 995] in GPT-2; gpt2's tokenizer_config.json says model_max_length 1024.
	cases := []struct {
		name string
		body string
		want string
	}{
		{"single, defaults", `{"prompt": "Hello world"}`,
			`{"count":2,"max_model_len":1024,"tokens":[15496,995]}`},
		{"empty prompt", `{"model": "openai-community/gpt2", "prompt": ""}`,
			`{"count":0,"max_model_len":1024,"tokens":[]}`},
		{"token strings and offsets", `{"prompt": "Hello world", "return_token_strs": true, "return_offsets": true}`,
			`{"count":2,"max_model_len":1024,"tokens":[15496,995],"token_strs":["Hello","Ġworld"],"offsets":[[0,5],[5,11]]}`},
		{"batch", `{"prompt": ["Hello world", "", "Hello"], "add_special_tokens": false}`,
			`{"count":[2,0,1],"max_model_len":1024,"tokens":[[15496,995],[],[15496]]}`},
		{"batch with everything", `{"prompt": ["Hello world", ""], "return_token_strs": true, "return_offsets": true}`,
			`{"count":[2,0],"max_model_len":1024,"tokens":[[15496,995],[]],"token_strs":[["Hello","Ġworld"],[]],"offsets":[[[0,5],[5,11]],[]]}`},
		{"empty batch", `{"prompt": []}`, `{"count":[],"max_model_len":1024,"tokens":[]}`},
		{"vLLM fields it ignores", `{"prompt": "Hello world", "truncate_prompt_tokens": null}`,
			`{"count":2,"max_model_len":1024,"tokens":[15496,995]}`},
		{"content type with parameters", `{"prompt": "Hello world"}`,
			`{"count":2,"max_model_len":1024,"tokens":[15496,995]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct := "application/json"
			if strings.Contains(tc.name, "parameters") {
				ct = "application/json; charset=utf-8"
			}
			status, hdr, out := h.do(t, http.MethodPost, "/tokenize", ct, []byte(tc.body))
			if status != http.StatusOK || strings.TrimSpace(string(out)) != tc.want {
				t.Fatalf("status %d body %s\nwant %s", status, out, tc.want)
			}
			if got := hdr.Get("Content-Type"); got != "application/json" {
				t.Fatalf("Content-Type %q", got)
			}
		})
	}
}

// llmdTokenized is what llm-d's Go client (pkg/tokenization/uds_tokenizer.go) reads of the answer.
type llmdTokenized struct {
	InputIDs      []uint32  `json:"input_ids"`
	OffsetMapping [][2]uint `json:"offset_mapping"`
}

func TestTokenizeRawTextLikeLLMD(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: qwen})
	records := reference.Golden(t, qwen)
	checked := 0
	for i, r := range records {
		if !r.AddSpecialTokens || i%9 != 0 { // ADD_SPECIAL_TOKENS unset means true
			continue
		}
		// Exactly as llm-d's client: POST the raw prompt, no content type, read two keys.
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://tokenizer/tokenize", strings.NewReader(r.Text))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := h.client.HTTP().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]json.RawMessage
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("record %d: status %d, %v", r.ID, resp.StatusCode, err)
		}
		if got := fmt.Sprint(len(body), body["input_ids"] != nil, body["attention_mask"] != nil, body["offset_mapping"] != nil); got != "3 true true true" {
			t.Fatalf("keys of the answer: %v", body)
		}
		var tok llmdTokenized
		var mask []int
		if err := json.Unmarshal(body["input_ids"], &tok.InputIDs); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(body["offset_mapping"], &tok.OffsetMapping); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(body["attention_mask"], &mask); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(tok.InputIDs) != fmt.Sprint(r.IDs) || fmt.Sprint(tok.OffsetMapping) != fmt.Sprint(r.Offsets) {
			t.Fatalf("record %d: got %v %v, want %v %v", r.ID, tok.InputIDs, tok.OffsetMapping, r.IDs, r.Offsets)
		}
		if fmt.Sprint(mask) != fmt.Sprint(r.AttentionMask) {
			t.Fatalf("record %d: attention_mask %v, want %v", r.ID, mask, r.AttentionMask)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d records checked", checked)
	}
}

func TestTokenizeRawTextContentTypes(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2})
	const want = `{"input_ids":[15496,995],"attention_mask":[1,1],"offset_mapping":[[0,5],[5,11]]}`
	for _, ct := range []string{"", "text/plain", "text/plain; charset=utf-8", "application/octet-stream"} {
		status, _, out := h.do(t, http.MethodPost, "/tokenize", ct, []byte("Hello world"))
		if status != http.StatusOK || strings.TrimSpace(string(out)) != want {
			t.Errorf("Content-Type %q: status %d body %s", ct, status, out)
		}
	}
	// A JSON-looking body without a JSON content type is a prompt like any other.
	status, _, out := h.do(t, http.MethodPost, "/tokenize", "", []byte(`{"prompt": "x"}`))
	if body := decodeObject(t, out); status != http.StatusOK || body["input_ids"] == nil {
		t.Errorf("status %d body %s", status, out)
	}
	status, _, out = h.do(t, http.MethodPost, "/tokenize", "", nil)
	if status != http.StatusOK || strings.TrimSpace(string(out)) != `{"input_ids":[],"attention_mask":[],"offset_mapping":[]}` {
		t.Errorf("empty body: status %d body %s", status, out)
	}
}

// tokenizeJSON is the vLLM form's token ids of prompt.
func tokenizeJSON(t *testing.T, h *harness, model, prompt string, addSpecial bool) []uint32 {
	t.Helper()
	got, err := h.client.Tokenize(context.Background(), prompt, client.TokenizeOptions{Model: model, AddSpecialTokens: &addSpecial})
	if err != nil {
		t.Fatal(err)
	}
	return got.Tokens
}

func tokenizeRaw(t *testing.T, h *harness, prompt string) []uint32 {
	t.Helper()
	status, _, out := h.do(t, http.MethodPost, "/tokenize", "", []byte(prompt))
	var tok llmdTokenized
	if err := json.Unmarshal(out, &tok); err != nil || status != http.StatusOK {
		t.Fatalf("status %d body %s", status, out)
	}
	return tok.InputIDs
}

func TestTokenizeRawTextSpecialTokens(t *testing.T) {
	const llama = "meta-llama/Meta-Llama-3-8B-Instruct"
	h := startServer(t, harnessOptions{defaultModel: llama})
	const bos = "<|begin_of_text|>"
	withBOS := tokenizeJSON(t, h, llama, "Hello", true)
	if len(withBOS) < 2 || fmt.Sprint(tokenizeJSON(t, h, llama, bos, false)) != fmt.Sprint(withBOS[:1]) {
		t.Fatalf("Llama-3 does not add its BOS as the test expects: %v", withBOS)
	}
	if got := tokenizeRaw(t, h, "Hello"); fmt.Sprint(got) != fmt.Sprint(withBOS) {
		t.Fatalf("plain prompt: %v, want %v (special tokens added)", got, withBOS)
	}
	prompt := bos + "Hello"
	want := tokenizeJSON(t, h, llama, prompt, false)
	if got := tokenizeRaw(t, h, prompt); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("prompt starting with BOS: %v, want %v (one BOS)", got, want)
	}
	if doubled := tokenizeJSON(t, h, llama, prompt, true); fmt.Sprint(doubled) == fmt.Sprint(want) {
		t.Fatalf("the vLLM form must not apply llm-d's rule: %v", doubled)
	}
	// ADD_SPECIAL_TOKENS, changed through /config, applies to the raw form.
	if status, _, out := h.do(t, "POST", "/config", "application/json", []byte(`{"add_special_tokens": false}`)); status != 200 {
		t.Fatalf("POST /config: %d %s", status, out)
	}
	if got, want := tokenizeRaw(t, h, "Hello"), tokenizeJSON(t, h, llama, "Hello", false); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("with add_special_tokens false: %v, want %v", got, want)
	}
}
