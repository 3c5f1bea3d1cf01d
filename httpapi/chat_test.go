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
	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// fixedNow is the clock of the reference renderings.
var fixedNow = time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)

// chatGolden indexes a template's golden records by case.
func chatGolden(t *testing.T, template string) map[string]reference.ChatRecord {
	t.Helper()
	out := map[string]reference.ChatRecord{}
	for _, r := range reference.GoldenChat(t, template) {
		out[r.Case] = r
	}
	return out
}

// vllmChatBody is the vLLM request for a record: add_generation_prompt and tools as fields, every other
// option as a template kwarg.
func vllmChatBody(r reference.ChatRecord, extra map[string]any) map[string]any {
	body := r.ChatRequest()
	for k, v := range extra {
		body[k] = v
	}
	return body
}

func startChatServer(t *testing.T, model string, cfg Config) *harness {
	t.Helper()
	cfg.AddGenerationPrompt = true // ADD_GENERATION_PROMPT's default
	return startServer(t, harnessOptions{cfg: cfg, defaultModel: model, deps: Deps{Now: func() time.Time { return fixedNow }}})
}

func postText(t *testing.T, h *harness, path, body string) (int, http.Header, string) {
	t.Helper()
	status, hdr, out := h.do(t, http.MethodPost, path, "", []byte(body))
	return status, hdr, string(out)
}

func TestChatTemplateLLMDShapes(t *testing.T) {
	h := startChatServer(t, qwen, Config{})
	golden := chatGolden(t, "Qwen__Qwen3")
	noThinking, thinking := golden["enable_thinking_false"], golden["enable_thinking_true"]

	// ENABLE_THINKING defaults to false and reaches the template as enable_thinking.
	status, hdr, out := postText(t, h, "/chat-template", string(noThinking.Messages))
	if status != http.StatusOK || out != noThinking.Rendered {
		t.Fatalf("flat list: status %d\n%q\nwant\n%q", status, out, noThinking.Rendered)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("Content-Type %q", ct)
	}
	batch := "[" + string(noThinking.Messages) + ", " + string(thinking.Messages) + "]"
	if status, _, out = postText(t, h, "/chat-template", batch); status != http.StatusOK || out != noThinking.Rendered {
		t.Fatalf("batch: status %d\n%q\nwant its first conversation\n%q", status, out, noThinking.Rendered)
	}

	if status, _, out := h.do(t, http.MethodPost, "/config", "application/json", []byte(`{"enable_thinking": true}`)); status != http.StatusOK {
		t.Fatalf("POST /config: %d %s", status, out)
	}
	if status, _, out = postText(t, h, "/chat-template", string(thinking.Messages)); status != http.StatusOK || out != thinking.Rendered {
		t.Fatalf("enable_thinking true: status %d\n%q\nwant\n%q", status, out, thinking.Rendered)
	}
	noGen := golden["user_only_nogen"]
	if status, _, out := h.do(t, http.MethodPost, "/config", "application/json", []byte(`{"add_generation_prompt": false}`)); status != http.StatusOK {
		t.Fatalf("POST /config: %d %s", status, out)
	}
	if status, _, out = postText(t, h, "/chat-template", string(noGen.Messages)); status != http.StatusOK || out != noGen.Rendered {
		t.Fatalf("add_generation_prompt false: status %d\n%q\nwant\n%q", status, out, noGen.Rendered)
	}

	for _, body := range []string{`{"role": "user"}`, `[{"role": "user"`, `"hello"`, ``} {
		status, _, out = postText(t, h, "/chat-template", body)
		if llmdError(t, status, []byte(out)); status != http.StatusBadRequest {
			t.Errorf("body %q: status %d body %s, want 400 in llm-d's shape", body, status, out)
		}
	}
}

func TestChatTemplateModelWithoutTemplate(t *testing.T) {
	h := startChatServer(t, gpt2, Config{})
	status, _, out := postText(t, h, "/chat-template", `[{"role": "user", "content": "Hi"}]`)
	if msg := llmdError(t, status, []byte(out)); status != http.StatusBadRequest || !strings.Contains(msg, "no chat template") {
		t.Fatalf("llm-d form: status %d body %s", status, out)
	}
	status, raw := h.postJSON(t, "/tokenize", map[string]any{"messages": []map[string]string{{"role": "user", "content": "Hi"}}})
	if msg, param := errorOf(t, status, raw); status != http.StatusBadRequest || param != "chat_template" || !strings.Contains(msg, "no chat template") {
		t.Fatalf("vLLM form: status %d body %s", status, raw)
	}
}

// errorOf checks vLLM's error shape and returns its message and param ("" for null).
func errorOf(t *testing.T, status int, out []byte) (message, param string) {
	t.Helper()
	message, _, p := vllmError(t, status, out)
	if p != nil {
		param = *p
	}
	return message, param
}

type tokenizeAnswer struct {
	Count       int      `json:"count"`
	MaxModelLen int      `json:"max_model_len"`
	Tokens      []uint32 `json:"tokens"`
	TokenStrs   []string `json:"token_strs"`
}

func TestTokenizeMessagesMatchesGolden(t *testing.T) {
	h := startChatServer(t, qwen, Config{})
	golden := chatGolden(t, "Qwen__Qwen3")
	for _, name := range []string{"tools_available_no_call", "tool_call_roundtrip", "enable_thinking_false", "enable_thinking_true"} {
		if _, ok := golden[name]; !ok {
			t.Fatalf("golden case %s is missing", name)
		}
	}
	for name, r := range golden {
		status, out := h.postJSON(t, "/tokenize", vllmChatBody(r, map[string]any{"model": qwen}))
		if r.Error != nil {
			if msg, _ := errorOf(t, status, out); status != http.StatusBadRequest || !strings.HasSuffix(msg, *r.Error) {
				t.Errorf("%s: status %d body %s, want 400 with %q", name, status, out, *r.Error)
			}
			continue
		}
		var got tokenizeAnswer
		if err := json.Unmarshal(out, &got); err != nil || status != http.StatusOK {
			t.Fatalf("%s: status %d body %s", name, status, out)
		}
		if fmt.Sprint(got.Tokens) != fmt.Sprint(r.IDs) || got.Count != len(r.IDs) {
			t.Errorf("%s: count %d tokens %v\nwant %v", name, got.Count, got.Tokens, r.IDs)
		}
	}
}

func TestTokenizeMessagesOptions(t *testing.T) {
	h := startChatServer(t, qwen, Config{})
	golden := chatGolden(t, "Qwen__Qwen3")
	r := golden["system_user_gen"]
	tokenize := func(extra map[string]any) tokenizeAnswer {
		t.Helper()
		status, out := h.postJSON(t, "/tokenize", vllmChatBody(r, extra))
		var got tokenizeAnswer
		if err := json.Unmarshal(out, &got); err != nil || status != http.StatusOK {
			t.Fatalf("%v: status %d body %s", extra, status, out)
		}
		return got
	}
	// add_special_tokens is false unless asked; Qwen3's post-processor adds nothing either way, so the
	// token strings are what shows the prompt was tokenized as rendered.
	got := tokenize(map[string]any{"return_token_strs": true})
	if strings.Join(got.TokenStrs, "") != strings.NewReplacer("\n", "Ċ", " ", "Ġ").Replace(r.Rendered) {
		t.Fatalf("token_strs %q do not spell the rendered prompt %q", got.TokenStrs, r.Rendered)
	}
	delete(r.Options, "add_generation_prompt") // vLLM's default is true
	if got := tokenize(nil); fmt.Sprint(got.Tokens) != fmt.Sprint(r.IDs) {
		t.Fatalf("add_generation_prompt left out: %v, want %v", got.Tokens, r.IDs)
	}
	// The service's ENABLE_THINKING (false) is llm-d's setting: the vLLM form renders as vLLM does.
	if got := tokenize(nil); fmt.Sprint(got.Tokens) == fmt.Sprint(golden["enable_thinking_false"].IDs) {
		t.Fatal("the llm-d setting enable_thinking leaked into the vLLM form")
	}
}

func TestContinueFinalMessage(t *testing.T) {
	h := startChatServer(t, qwen, Config{})
	messages := json.RawMessage(`[{"role": "user", "content": "Say hi"}, {"role": "assistant", "content": "Hi, I am"}]`)
	render := func(body map[string]any) (int, []byte) {
		body["messages"] = messages
		body["chat_template_kwargs"] = map[string]any{"enable_thinking": false}
		return h.postJSON(t, "/v1/chat/completions/render", body)
	}
	status, out := render(map[string]any{"add_generation_prompt": false})
	closed := decodeObject(t, out)
	if status != http.StatusOK {
		t.Fatalf("status %d body %s", status, out)
	}
	status, out = render(map[string]any{"add_generation_prompt": false, "continue_final_message": true})
	continued := decodeObject(t, out)
	want, cut := strings.CutSuffix(closed["prompt"].(string), "<|im_end|>\n")
	if status != http.StatusOK || !cut || continued["prompt"] != want {
		t.Fatalf("status %d prompt %q, want %q", status, continued["prompt"], want)
	}
	for _, path := range []string{"/v1/chat/completions/render", "/tokenize"} {
		status, out := h.postJSON(t, path, map[string]any{"messages": messages, "continue_final_message": true})
		if _, param := errorOf(t, status, out); status != http.StatusBadRequest || param != "continue_final_message" {
			t.Errorf("%s with add_generation_prompt left true: status %d body %s", path, status, out)
		}
	}
}

func TestRenderChatCompletion(t *testing.T) {
	const gptOSS = "openai/gpt-oss"
	h := startChatServer(t, gptOSS, Config{})
	golden := chatGolden(t, "openai__gpt-oss")
	effort := golden["reasoning_effort_high"]
	if string(effort.Options["reasoning_effort"]) != `"high"` {
		t.Fatalf("golden case reasoning_effort_high: options %s", effort.Options)
	}
	for name, r := range golden {
		body := vllmChatBody(r, map[string]any{"model": gptOSS, "temperature": 0.7, "max_tokens": 10})
		if effort, ok := r.Options["reasoning_effort"]; ok { // an OpenAI field, as clients send it
			body["reasoning_effort"] = effort
			body["chat_template_kwargs"] = map[string]any{}
		}
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		status, _, out := h.do(t, http.MethodPost, "/v1/chat/completions/render", "application/json", data, "X-Request-Id", "req-"+name)
		if r.Error != nil {
			if status != http.StatusBadRequest {
				t.Errorf("%s: status %d body %s, want 400", name, status, out)
			}
			continue
		}
		var got struct {
			RequestID string   `json:"request_id"`
			TokenIDs  []uint32 `json:"token_ids"`
			Prompt    string   `json:"prompt"`
		}
		if err := json.Unmarshal(out, &got); err != nil || status != http.StatusOK {
			t.Fatalf("%s: status %d body %s", name, status, out)
		}
		if got.RequestID != "chatcmpl-req-"+name || got.Prompt != r.Rendered || fmt.Sprint(got.TokenIDs) != fmt.Sprint(r.IDs) {
			t.Errorf("%s: request_id %q prompt\n%q\nids %v\nwant prompt\n%q\nids %v", name, got.RequestID, got.Prompt, got.TokenIDs, r.Rendered, r.IDs)
		}
	}
	status, out := h.postJSON(t, "/v1/chat/completions/render", map[string]any{"messages": json.RawMessage(golden["user_only_gen"].Messages), "request_id": "mine"})
	if got := decodeObject(t, out); status != http.StatusOK || got["request_id"] != "chatcmpl-mine" {
		t.Fatalf("request_id from the body: status %d body %s", status, out)
	}
}

func TestRequestChatTemplatePolicy(t *testing.T) {
	messages := json.RawMessage(`[{"role": "user", "content": [{"text": "a", "type": "text"}, {"type": "text", "text": "b"}]}]`)
	template := "{{ messages[0].content | tojson }}|{{ strftime_now('%Y-%m-%d') }}|{{ flavour }}"
	body := map[string]any{"messages": messages, "chat_template": template, "chat_template_kwargs": map[string]any{"flavour": "x"}}

	refusing := startChatServer(t, qwen, Config{})
	status, out := refusing.postJSON(t, "/v1/chat/completions/render", body)
	if _, param := errorOf(t, status, out); status != http.StatusBadRequest || param != "chat_template" {
		t.Fatalf("template not allowed: status %d body %s", status, out)
	}
	// A name is not a template: it picks one of the model's own (Qwen3's single one answers to "default").
	named := map[string]any{"messages": json.RawMessage(`[{"role": "user", "content": "Hi"}]`), "chat_template": "default"}
	status, withName := refusing.postJSON(t, "/v1/chat/completions/render", named)
	delete(named, "chat_template")
	_, without := refusing.postJSON(t, "/v1/chat/completions/render", named)
	if status != http.StatusOK || decodeObject(t, withName)["prompt"] != decodeObject(t, without)["prompt"] {
		t.Fatalf("template name: status %d body %s, want %s", status, withName, without)
	}

	allowing := startChatServer(t, qwen, Config{AllowRequestChatTemplate: true})
	status, out = allowing.postJSON(t, "/v1/chat/completions/render", body)
	// Content parts reach the template untouched, in the client's key order; the clock is the injected one.
	want := `[{"text": "a", "type": "text"}, {"type": "text", "text": "b"}]|2025-07-10|x`
	if got := decodeObject(t, out); status != http.StatusOK || got["prompt"] != want {
		t.Fatalf("template allowed: status %d body %s, want prompt %q", status, out, want)
	}
}

func TestHostileRequestTemplates(t *testing.T) {
	h := startChatServer(t, qwen, Config{AllowRequestChatTemplate: true})
	plain := chatGolden(t, "Qwen__Qwen3")["system_user_gen"]
	hostile := []string{
		"{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
		"{{ 'x' * 10**9 }}",
		"{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
		strings.Repeat("{% if true %}", 5000) + strings.Repeat("{% endif %}", 5000),
	}
	type answer struct {
		template string
		status   int
		body     []byte
	}
	answers := make(chan answer, len(hostile))
	for _, tmpl := range hostile {
		go func() {
			status, out := h.postJSON(t, "/tokenize", map[string]any{"messages": json.RawMessage(plain.Messages), "chat_template": tmpl})
			answers <- answer{tmpl, status, out}
		}()
	}
	// The model keeps serving while its sandboxes fight the hostile templates, and after.
	for range 3 {
		status, out := h.postJSON(t, "/tokenize", vllmChatBody(plain, nil))
		var got tokenizeAnswer
		if err := json.Unmarshal(out, &got); err != nil || status != http.StatusOK || fmt.Sprint(got.Tokens) != fmt.Sprint(plain.IDs) {
			t.Fatalf("plain request: status %d body %s", status, out)
		}
	}
	for range hostile {
		a := <-answers
		if msg, _ := errorOf(t, a.status, a.body); a.status != http.StatusBadRequest || !strings.Contains(msg, "limit") {
			t.Errorf("template %.60q: status %d body %s, want 400 naming the limit", a.template, a.status, a.body)
		}
	}
	status, out := h.postJSON(t, "/tokenize", vllmChatBody(plain, nil))
	if status != http.StatusOK {
		t.Fatalf("after the hostile templates: status %d body %s", status, out)
	}
}

func TestChatRequestShapes(t *testing.T) {
	h := startChatServer(t, qwen, Config{})
	for _, c := range []struct {
		body, param string
	}{
		{`{"messages": {"role": "user"}}`, "messages"},
		{`{"messages": [{"role": "user", "content": "Hi"}], "tools": {}}`, "tools"},
		{`{"messages": [{"role": "user", "content": "Hi"}], "chat_template_kwargs": []}`, "chat_template_kwargs"},
		{`{"messages": [{"role": "user", "content": "Hi"}], "prompt": "Hi"}`, "messages"},
		{`{"messages": [{"role": "user", "content": "Hi"}], "chat_template_kwargs": {"messages": []}}`, ""},
	} {
		status, _, out := h.do(t, http.MethodPost, "/tokenize", "application/json", []byte(c.body))
		if _, param := errorOf(t, status, out); status != http.StatusBadRequest || param != c.param {
			t.Errorf("%s: status %d body %s, want 400 on %q", c.body, status, out, c.param)
		}
	}
}

func TestClientRenderChat(t *testing.T) {
	h := startChatServer(t, qwen, Config{})
	r := chatGolden(t, "Qwen__Qwen3")["tools_available_no_call"]
	got, err := h.client.RenderChat(context.Background(), client.ChatRequest{Messages: r.Messages, Tools: r.Options["tools"]})
	if err != nil {
		t.Fatal(err)
	}
	if got.Prompt != r.Rendered || fmt.Sprint(got.TokenIDs) != fmt.Sprint(r.IDs) || !strings.HasPrefix(got.RequestID, "chatcmpl-") {
		t.Fatalf("got %+v\nwant prompt %q ids %v", got, r.Rendered, r.IDs)
	}
	_, err = h.client.RenderChat(context.Background(), client.ChatRequest{Messages: r.Messages, ContinueFinalMessage: true})
	if ce := asClientError(t, err); ce.StatusCode != http.StatusBadRequest || ce.Param != "continue_final_message" {
		t.Fatalf("err = %v", err)
	}
}

func TestChatKwargsKeepTheRequestsOwn(t *testing.T) {
	defaults := []kwarg{{"enable_thinking", []byte("false")}, {"reasoning_effort", []byte(`"low"`)}}
	for _, c := range []struct{ own, want string }{
		{``, `{"enable_thinking":false,"reasoning_effort":"low"}`},
		{`null`, `{"enable_thinking":false,"reasoning_effort":"low"}`},
		{` { } `, `{"enable_thinking":false,"reasoning_effort":"low"}`},
		{`{"b": {"z": 1, "a": 2}, "enable_thinking": true}`, `{"reasoning_effort":"low","b": {"z": 1, "a": 2}, "enable_thinking": true}`},
		{`{"reasoning_effort": "high", "enable_thinking": true}`, `{"reasoning_effort": "high", "enable_thinking": true}`},
	} {
		in := chatInput{Kwargs: json.RawMessage(c.own), defaultKwargs: defaults}
		got, err := in.kwargs()
		if err != nil || string(got) != c.want {
			t.Errorf("kwargs %q: %s, %v; want %s", c.own, got, err, c.want)
		}
	}
}
