package httpapi

import (
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caarlos0/env/v11"
)

func TestConfigFromTheEnvironment(t *testing.T) {
	cfg, err := env.ParseAs[Config]()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SocketPath != "/tmp/tokenizer/tokenizer-uds.socket" || cfg.SocketMode.FileMode() != 0o660 || cfg.MaxBatchSize != 1024 ||
		cfg.RequestTimeout != 30*time.Second || cfg.ProbePort != 0 || cfg.AddSpecialTokens.Set || cfg.EnableThinking || !cfg.AddGenerationPrompt {
		t.Fatalf("defaults: %+v", cfg)
	}
	t.Setenv("SOCKET_MODE", "0600")
	t.Setenv("PROBE_PORT", "8082")
	t.Setenv("ADD_SPECIAL_TOKENS", "False")
	t.Setenv("ENABLE_THINKING", "true")
	t.Setenv("MAX_BATCH_SIZE", "16")
	if cfg, err = env.ParseAs[Config](); err != nil {
		t.Fatal(err)
	}
	if cfg.SocketMode.FileMode() != fs.FileMode(0o600) || cfg.ProbePort != 8082 || cfg.AddSpecialTokens != Some(false) ||
		!cfg.EnableThinking || cfg.MaxBatchSize != 16 {
		t.Fatalf("from the environment: %+v", cfg)
	}
	for value, want := range map[string]OptionalBool{"none": {}, "None": {}, "": {}, "true": Some(true), "1": Some(true)} {
		t.Setenv("ADD_SPECIAL_TOKENS", value)
		if cfg, err = env.ParseAs[Config](); err != nil || cfg.AddSpecialTokens != want {
			t.Fatalf("ADD_SPECIAL_TOKENS=%q: %+v, %v", value, cfg.AddSpecialTokens, err)
		}
	}
	for name, value := range map[string]string{"SOCKET_MODE": "rw-rw----", "ADD_SPECIAL_TOKENS": "maybe"} {
		t.Setenv(name, value)
		if _, err := env.ParseAs[Config](); err == nil {
			t.Errorf("%s=%q was accepted", name, value)
		}
		t.Setenv(name, "")
	}
}

func TestConfigEndpoint(t *testing.T) {
	h := startServer(t, harnessOptions{cfg: Config{AddGenerationPrompt: true}, defaultModel: gpt2})
	getConfig := func() string {
		t.Helper()
		status, out := h.get(t, "/config")
		if status != http.StatusOK {
			t.Fatalf("GET /config: %d %s", status, out)
		}
		return strings.TrimSpace(string(out))
	}
	const initial = `{"model":"openai-community/gpt2","add_special_tokens":null,"enable_thinking":false,"add_generation_prompt":true}`
	if got := getConfig(); got != initial {
		t.Fatalf("GET /config = %s", got)
	}

	// A failed change keeps the old configuration, every field of it.
	status, _, out := h.do(t, "POST", "/config", "application/json", []byte(`{"model": "nobody/nothing", "enable_thinking": true}`))
	if llmdError(t, status, out); status != http.StatusNotFound || getConfig() != initial {
		t.Fatalf("failed change: %d %s; config now %s", status, out, getConfig())
	}

	status, _, out = h.do(t, "POST", "/config", "application/json",
		[]byte(`{"model": "Qwen/Qwen3", "add_special_tokens": false, "enable_thinking": true, "add_generation_prompt": false}`))
	if status != http.StatusOK || strings.TrimSpace(string(out)) != `{"message":"Configuration updated successfully","status":"success"}` {
		t.Fatalf("POST /config: %d %s", status, out)
	}
	if got := getConfig(); got != `{"model":"Qwen/Qwen3","add_special_tokens":false,"enable_thinking":true,"add_generation_prompt":false}` {
		t.Fatalf("after the change: %s", got)
	}
	// The new default model answers both forms of /tokenize: "Hello world" is [9707, 1879] in Qwen3, [15496, 995] in GPT-2.
	if got := tokenizeRaw(t, h, "Hello world"); len(got) != 2 || got[0] != 9707 || got[1] != 1879 {
		t.Fatalf("raw /tokenize after the change: %v", got)
	}
	if status, out := h.postJSONRaw(t, "/tokenize", `{"prompt": "Hello world"}`); status != 200 || !strings.Contains(string(out), `"tokens":[9707,1879]`) {
		t.Fatalf("JSON /tokenize after the change: %d %s", status, out)
	}

	status, _, out = h.do(t, "POST", "/config", "application/json", []byte(`{"add_special_tokens": null}`))
	if status != http.StatusOK || !strings.Contains(getConfig(), `"add_special_tokens":null`) {
		t.Fatalf("resetting add_special_tokens: %d %s; config %s", status, out, getConfig())
	}
}
