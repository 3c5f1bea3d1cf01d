package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// vllmError checks the vLLM error shape and returns its fields.
func vllmError(t *testing.T, status int, out []byte) (message, kind string, param *string) {
	t.Helper()
	var body map[string]json.RawMessage
	if err := json.Unmarshal(out, &body); err != nil || len(body) != 1 || body["error"] == nil {
		t.Fatalf("status %d: not vLLM's error shape: %s", status, out)
	}
	var e struct {
		Message *string `json:"message"`
		Type    *string `json:"type"`
		Param   *string `json:"param"`
		Code    *int    `json:"code"`
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body["error"], &fields) != nil || len(fields) != 4 || json.Unmarshal(body["error"], &e) != nil ||
		e.Message == nil || e.Type == nil || e.Code == nil || *e.Code != status {
		t.Fatalf("status %d: not vLLM's error shape: %s", status, out)
	}
	checkNoInternals(t, out)
	return *e.Message, *e.Type, e.Param
}

// llmdError checks the llm-d error shape and returns its message.
func llmdError(t *testing.T, status int, out []byte) string {
	t.Helper()
	var body map[string]string
	if err := json.Unmarshal(out, &body); err != nil || len(body) != 2 || body["status"] != "error" {
		t.Fatalf("status %d: not llm-d's error shape: %s", status, out)
	}
	checkNoInternals(t, out)
	return body["message"]
}

func checkNoInternals(t *testing.T, out []byte) {
	t.Helper()
	for _, leak := range []string{"goroutine ", ".go:", "panic("} {
		if strings.Contains(string(out), leak) {
			t.Fatalf("the answer shows internals (%q): %s", leak, out)
		}
	}
}

func TestErrorsOfTheJSONEndpoints(t *testing.T) {
	var scripts = map[string]func(context.Context) (*runtime.Model, error){
		"busy/model":   failWith(fmt.Errorf("busy/model: encode: %w: 64 requests already waiting", runtime.ErrOverloaded)),
		"closed/model": failWith(fmt.Errorf("closed/model: %w", runtime.ErrClosed)),
		"broken/model": failWith(fmt.Errorf("loading broken/model: %w: unexpected end of JSON", runtime.ErrBadModel)),
		"huge/model":   failWith(fmt.Errorf("loading huge/model: %w: 11432345 bytes", runtime.ErrTooLarge)),
		"trap/model":   failWith(fmt.Errorf("trap/model: %w: wasm error: unreachable", runtime.ErrSandbox)),
		"panic/model":  func(context.Context) (*runtime.Model, error) { panic("scripted failure") },
	}
	h := startServer(t, harnessOptions{
		cfg:          Config{MaxBodyBytes: 1 << 20, MaxBatchSize: 4},
		defaultModel: gpt2,
		wrap:         func(m Models) Models { return scriptedModels{Models: m, script: scripts} },
	})
	big := strings.Repeat("a", 1<<20)
	cases := []struct {
		name, path, body string
		status           int
		kind, param      string
		substr           string
	}{
		{"malformed JSON", "/tokenize", `{"prompt": `, 400, "BadRequestError", "", "malformed JSON"},
		{"not an object", "/tokenize", `["Hello"]`, 400, "BadRequestError", "", "the body must be a JSON object, not an array"},
		{"invalid UTF-8", "/tokenize", "{\"prompt\": \"\xff\"}", 400, "BadRequestError", "", "not valid UTF-8"},
		{"lone surrogate", "/tokenize", `{"prompt": "a\udc00b"}`, 400, "BadRequestError", "", "surrogate"},
		{"high surrogate without its pair", "/tokenize", `{"prompt": "\ud83d"}`, 400, "BadRequestError", "", "surrogate"},
		{"no prompt", "/tokenize", `{"model": "openai-community/gpt2"}`, 400, "BadRequestError", "prompt", "prompt is required"},
		{"prompt of the wrong type", "/tokenize", `{"prompt": 42}`, 400, "BadRequestError", "prompt", "string or a list"},
		{"list of non-strings", "/tokenize", `{"prompt": ["a", 1]}`, 400, "BadRequestError", "prompt", "string or a list"},
		{"flag of the wrong type", "/tokenize", `{"prompt": "a", "add_special_tokens": "yes"}`, 400, "BadRequestError", "add_special_tokens", "add_special_tokens must be a boolean, not a string"},
		{"messages for a model without a chat template", "/tokenize", `{"messages": [{"role": "user", "content": "hi"}]}`, 400, "BadRequestError", "chat_template", "no chat template"},
		{"messages and prompt", "/tokenize", `{"messages": [], "prompt": "hi"}`, 400, "BadRequestError", "messages", "either prompt or messages"},
		{"request template not allowed", "/v1/chat/completions/render", `{"messages": [], "chat_template": "{{ 1 }}"}`, 400, "BadRequestError", "chat_template", "ALLOW_REQUEST_CHAT_TEMPLATE"},
		{"render without messages", "/v1/chat/completions/render", `{"model": "openai-community/gpt2"}`, 400, "BadRequestError", "messages", "messages is required"},
		{"render with an unknown model", "/v1/chat/completions/render", `{"model": "nobody/nothing", "messages": []}`, 404, "NotFoundError", "model", "model not found"},
		{"unknown model", "/tokenize", `{"model": "nobody/nothing", "prompt": "x"}`, 404, "NotFoundError", "model", "model not found"},
		{"hostile model name", "/tokenize", `{"model": "../../etc", "prompt": "x"}`, 404, "NotFoundError", "model", "model not found"},
		{"body too large", "/tokenize", `{"prompt": "` + big + `"}`, 413, "RequestTooLargeError", "", "exceeds the limit of 1048576 bytes"},
		{"batch too large", "/tokenize", `{"prompt": ["a", "b", "c", "d", "e"]}`, 413, "RequestTooLargeError", "prompt", "batch of 5 prompts exceeds the limit of 4"},
		{"overloaded", "/tokenize", `{"model": "busy/model", "prompt": "x"}`, 429, "OverloadedError", "", "overloaded"},
		{"model closed", "/tokenize", `{"model": "closed/model", "prompt": "x"}`, 503, "ServiceUnavailableError", "", "closed"},
		{"broken tokenizer file", "/tokenize", `{"model": "broken/model", "prompt": "x"}`, 422, "ModelError", "model", "invalid tokenizer"},
		{"model files over a sandbox limit", "/tokenize", `{"model": "huge/model", "prompt": "x"}`, 422, "ModelError", "model", "input too large"},
		{"sandbox trap", "/tokenize", `{"model": "trap/model", "prompt": "x"}`, 500, "InternalServerError", "", "sandbox failure"},
		{"panic", "/tokenize", `{"model": "panic/model", "prompt": "x"}`, 500, "InternalServerError", "", "internal error (request "},
		{"id out of range", "/detokenize", `{"tokens": [15496, 50257]}`, 400, "BadRequestError", "tokens", "tokens[1] = 50257 is out of range: the vocabulary has 50257 tokens"},
		{"id out of range in a batch", "/detokenize", `{"tokens": [[1], [2, 4000000000]]}`, 400, "BadRequestError", "tokens", "tokens[1][1] = 4000000000 is out of range"},
		{"negative id", "/detokenize", `{"tokens": [-1]}`, 400, "BadRequestError", "tokens", "token ids"},
		{"id beyond uint32", "/detokenize", `{"tokens": [4294967296]}`, 400, "BadRequestError", "tokens", "token ids"},
		{"fractional id", "/detokenize", `{"tokens": [1.5]}`, 400, "BadRequestError", "tokens", "token ids"},
		{"no tokens", "/detokenize", `{"skip_special_tokens": true}`, 400, "BadRequestError", "tokens", "tokens is required"},
		{"tokens of the wrong type", "/detokenize", `{"tokens": "15496"}`, 400, "BadRequestError", "tokens", "list of token ids"},
		{"token batch too large", "/detokenize", `{"tokens": [[1], [2], [3], [4], [5]]}`, 413, "RequestTooLargeError", "tokens", "batch of 5 token lists"},
		{"detokenize with an unknown model", "/detokenize", `{"model": "nobody/nothing", "tokens": [1]}`, 404, "NotFoundError", "model", "model not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, out := h.postJSONRaw(t, tc.path, tc.body)
			msg, kind, param := vllmError(t, status, out)
			gotParam := ""
			if param != nil {
				gotParam = *param
			}
			if status != tc.status || kind != tc.kind || gotParam != tc.param || !strings.Contains(msg, tc.substr) {
				t.Fatalf("got %d %s param %q %q; want %d %s param %q containing %q", status, kind, gotParam, msg, tc.status, tc.kind, tc.param, tc.substr)
			}
		})
	}
	if logs := h.logs.String(); !strings.Contains(logs, "handler panicked") || !strings.Contains(logs, "scripted failure") {
		t.Errorf("the panic is not in the log:\n%s", logs)
	}
	// The server still answers after all of that.
	if got := tokenizeRaw(t, h, "Hello world"); fmt.Sprint(got) != "[15496 995]" {
		t.Fatalf("after the errors: %v", got)
	}
}

func TestErrorsOfTheLLMDEndpoints(t *testing.T) {
	h := startServer(t, harnessOptions{cfg: Config{MaxBodyBytes: 1 << 10}, defaultModel: gpt2,
		wrap: func(m Models) Models {
			return scriptedModels{Models: m, script: map[string]func(context.Context) (*runtime.Model, error){
				"busy/model": failWith(fmt.Errorf("%w", runtime.ErrOverloaded)),
			}}
		}})
	cases := []struct {
		name, method, path, contentType, body string
		status                                int
		substr                                string
	}{
		{"raw prompt of invalid UTF-8", "POST", "/tokenize", "", "ab\xffcd", 400, "not valid UTF-8"},
		{"raw prompt too large", "POST", "/tokenize", "text/plain", strings.Repeat("a", 1<<10+1), 413, "exceeds the limit of 1024 bytes"},
		{"config of malformed JSON", "POST", "/config", "application/json", `{"model": `, 400, "malformed JSON"},
		{"config of an unknown key", "POST", "/config", "application/json", `{"modle": "x/y"}`, 400, "unknown setting modle"},
		{"config of a wrong type", "POST", "/config", "application/json", `{"enable_thinking": "yes"}`, 400, "enable_thinking"},
		{"config of an empty model", "POST", "/config", "application/json", `{"model": ""}`, 400, "must not be empty"},
		{"config of an unknown model", "POST", "/config", "application/json", `{"model": "nobody/nothing"}`, 404, "model not found"},
		{"config of a busy model", "POST", "/config", "application/json", `{"model": "busy/model"}`, 429, "overloaded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, out := h.do(t, tc.method, tc.path, tc.contentType, []byte(tc.body))
			if msg := llmdError(t, status, out); status != tc.status || !strings.Contains(msg, tc.substr) {
				t.Fatalf("got %d %q; want %d containing %q", status, msg, tc.status, tc.substr)
			}
		})
	}
}

func TestUnknownEndpointsAndMethods(t *testing.T) {
	h := startServer(t, harnessOptions{})
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/nothing/here", 404},
		{"POST", "/v1/tokenize", 404},
		{"GET", "/tokenize", 405},
		{"DELETE", "/config", 405},
		{"POST", "/health", 405},
	} {
		status, _, out := h.do(t, tc.method, tc.path, "", nil)
		if _, _, _ = vllmError(t, status, out); status != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, status, tc.status)
		}
	}
}

func TestRequestDeadlineIs504(t *testing.T) {
	h := startServer(t, harnessOptions{cfg: Config{RequestTimeout: 200 * time.Millisecond},
		wrap: func(m Models) Models {
			return scriptedModels{Models: m, script: map[string]func(context.Context) (*runtime.Model, error){
				// A model that takes longer to load than the request may wait, as a slow download would.
				"slow/model": func(ctx context.Context) (*runtime.Model, error) {
					<-ctx.Done()
					return nil, fmt.Errorf("waiting for slow/model to load: %w", context.Cause(ctx))
				},
			}}
		}})
	status, out := h.postJSONRaw(t, "/tokenize", `{"model": "slow/model", "prompt": "x"}`)
	if _, kind, _ := vllmError(t, status, out); status != http.StatusGatewayTimeout || kind != "TimeoutError" {
		t.Fatalf("status %d body %s", status, out)
	}
	status, _, out = h.do(t, "POST", "/config", "application/json", []byte(`{"model": "slow/model"}`))
	if llmdError(t, status, out); status != http.StatusGatewayTimeout {
		t.Fatalf("status %d body %s", status, out)
	}
}

func TestClientErrors(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2})
	ctx := context.Background()
	_, err := h.client.Tokenize(ctx, "x", client.TokenizeOptions{Model: "nobody/nothing"})
	if ce := asClientError(t, err); ce.StatusCode != 404 || ce.Type != "NotFoundError" || ce.Param != "model" || !strings.Contains(ce.Message, "model not found") {
		t.Fatalf("unknown model: %+v", ce)
	}
	_, err = h.client.Detokenize(ctx, []uint32{1 << 30}, client.DetokenizeOptions{})
	if ce := asClientError(t, err); ce.StatusCode != 400 || ce.Param != "tokens" {
		t.Fatalf("id out of range: %+v", ce)
	}
	if got, err := h.client.DetokenizeBatch(ctx, nil, client.DetokenizeOptions{}); err != nil || len(got) != 0 {
		t.Fatalf("empty batch: %q, %v", got, err)
	}
	if got, err := h.client.TokenizeBatch(ctx, nil, client.TokenizeOptions{}); err != nil || len(got) != 0 {
		t.Fatalf("empty batch: %v, %v", got, err)
	}
}
