package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// testServer serves the reference tokenizers on a unix socket in a short temporary folder (sun_path is
// limited to ~108 bytes) and returns a client dialing it.
func testServer(t *testing.T, defaultModel string) *http.Client {
	t.Helper()
	refDir := reference.Dir(t)
	ctx, cancel := context.WithCancel(context.Background())
	host, err := runtime.NewHost(ctx, runtime.Config{PoolSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	load := func(_ context.Context, name string) (runtime.Files, error) {
		data, err := os.ReadFile(filepath.Join(refDir, "tokenizers", name, "tokenizer.json"))
		if os.IsNotExist(err) {
			return runtime.Files{}, fmt.Errorf("%w: %s", ErrModelNotFound, name)
		}
		return runtime.Files{TokenizerJSON: data}, err
	}
	registry := runtime.NewRegistry(host, load, 4)
	dir, err := os.MkdirTemp("", "tkz")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	srv := New(Config{SocketPath: sock, MaxBodyBytes: 1 << 20, RequestTimeout: 30 * time.Second, ShutdownTimeout: 5 * time.Second},
		registry, defaultModel, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ln, err := Listen(sock)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetReady(true)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		registry.Close(context.Background())
		host.Close(context.Background())
		os.RemoveAll(dir)
	})
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
}

func post(t *testing.T, c *http.Client, path, contentType string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := c.Post("http://tokenizer"+path, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func TestTokenizeMatchesGoldenOverTheSocket(t *testing.T) {
	c := testServer(t, "openai-community/gpt2")
	for _, model := range []string{"openai-community/gpt2", "Qwen/Qwen3"} {
		records := reference.Golden(t, model)
		for i := 0; i < len(records); i += 7 { // every 7th record keeps the test quick and covers both flags
			r := records[i]
			body, _ := json.Marshal(map[string]any{"model": model, "prompt": r.Text, "add_special_tokens": r.AddSpecialTokens})
			status, out := post(t, c, "/tokenize", "application/json", body)
			if status != http.StatusOK {
				t.Fatalf("%s record %d: status %d: %s", model, r.ID, status, out)
			}
			var got tokenizeResponse
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if got.Count != len(r.IDs) || fmt.Sprint(got.Tokens) != fmt.Sprint(r.IDs) {
				t.Fatalf("%s record %d: got %v, want %v", model, r.ID, got.Tokens, r.IDs)
			}
		}
	}
}

func TestTokenizeDefaultModelAndEmptyPrompt(t *testing.T) {
	c := testServer(t, "openai-community/gpt2")
	status, out := post(t, c, "/tokenize", "application/json", []byte(`{"prompt": ""}`))
	if status != http.StatusOK || strings.TrimSpace(string(out)) != `{"count":0,"max_model_len":0,"tokens":[]}` {
		t.Fatalf("status %d body %s", status, out)
	}
	status, out = post(t, c, "/tokenize", "application/json", []byte(`{"prompt": "Hello world"}`))
	if status != http.StatusOK || strings.TrimSpace(string(out)) != `{"count":2,"max_model_len":0,"tokens":[15496,995]}` {
		t.Fatalf("status %d body %s", status, out)
	}
}

func TestTokenizeErrors(t *testing.T) {
	c := testServer(t, "openai-community/gpt2")
	cases := []struct {
		name   string
		body   string
		status int
		substr string
	}{
		{"malformed JSON", `{"prompt": `, 400, "malformed JSON"},
		{"invalid UTF-8", "{\"prompt\": \"\xff\"}", 400, "not valid UTF-8"},
		{"unknown model", `{"model": "nobody/nothing", "prompt": "x"}`, 404, "model not found"},
		{"hostile model name", `{"model": "../../etc", "prompt": "x"}`, 404, "model not found"},
		{"oversized body", `{"prompt": "` + strings.Repeat("a", 2<<20) + `"}`, 413, "exceeds the limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, out := post(t, c, "/tokenize", "application/json", []byte(tc.body))
			var body struct {
				Error struct {
					Message string `json:"message"`
					Code    int    `json:"code"`
				} `json:"error"`
			}
			if err := json.Unmarshal(out, &body); err != nil {
				t.Fatalf("status %d, body is not the error shape: %s", status, out)
			}
			if status != tc.status || body.Error.Code != tc.status || !strings.Contains(body.Error.Message, tc.substr) {
				t.Fatalf("status %d, error %+v; want %d containing %q", status, body.Error, tc.status, tc.substr)
			}
		})
	}
}

func TestHealth(t *testing.T) {
	c := testServer(t, "")
	resp, err := c.Get("http://tokenizer/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || body["status"] != "healthy" || body["service"] != "tokenizer-service" {
		t.Fatalf("status %d body %v", resp.StatusCode, body)
	}
	if _, ok := body["timestamp"].(float64); !ok {
		t.Fatalf("timestamp is not a number: %v", body["timestamp"])
	}
}
