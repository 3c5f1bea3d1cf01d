package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tokenizerd/tokenizerd/runtime"
)

func checkHealthBody(t *testing.T, status int, out []byte, wantStatus int, want map[string]any) {
	t.Helper()
	body := decodeObject(t, out)
	ts, ok := body["timestamp"].(json.Number)
	if !ok {
		t.Fatalf("timestamp is not a number: %s", out)
	}
	if f, err := ts.Float64(); err != nil || f < 1.7e9 || !strings.Contains(ts.String(), ".") {
		t.Fatalf("timestamp %s is not seconds since the epoch with a fraction, as Python's time.time()", ts)
	}
	delete(body, "timestamp")
	if status != wantStatus || len(body) != len(want) {
		t.Fatalf("status %d body %s", status, out)
	}
	for k, v := range want {
		if body[k] != v {
			t.Fatalf("status %d body %s", status, out)
		}
	}
}

func TestProbesFollowTheDefaultModel(t *testing.T) {
	gate := make(chan struct{})
	h := startServer(t, harnessOptions{defaultModel: "gate/gpt2", noWait: true, wrap: func(m Models) Models {
		return scriptedModels{Models: m, script: map[string]func(context.Context) (*runtime.Model, error){
			"gate/gpt2": func(ctx context.Context) (*runtime.Model, error) {
				select {
				case <-gate:
					return m.Get(ctx, gpt2)
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			},
		}}
	}})
	status, out := h.get(t, "/health")
	checkHealthBody(t, status, out, 503, map[string]any{"status": "unhealthy", "service": "tokenizer-service", "reason": "tokenizer not ready"})
	if status, out := h.get(t, "/readyz"); status != 503 || strings.TrimSpace(string(out)) != `{"reason":"tokenizer not ready","status":"not ready"}` {
		t.Fatalf("readyz before the model: %d %s", status, out)
	}
	if status, out := h.get(t, "/livez"); status != 200 || strings.TrimSpace(string(out)) != `{"status":"alive"}` {
		t.Fatalf("livez: %d %s", status, out)
	}
	close(gate)
	h.waitReady(t)
	status, out = h.get(t, "/health")
	checkHealthBody(t, status, out, 200, map[string]any{"status": "healthy", "service": "tokenizer-service"})
	if status, out := h.get(t, "/readyz"); status != 200 || strings.TrimSpace(string(out)) != `{"status":"ready"}` {
		t.Fatalf("readyz: %d %s", status, out)
	}
}

func TestDefaultModelLoadIsRetried(t *testing.T) {
	var calls atomic.Int32
	h := startServer(t, harnessOptions{defaultModel: "flaky/gpt2", wrap: func(m Models) Models {
		return scriptedModels{Models: m, script: map[string]func(context.Context) (*runtime.Model, error){
			"flaky/gpt2": func(ctx context.Context) (*runtime.Model, error) {
				if calls.Add(1) == 1 {
					return nil, io.ErrUnexpectedEOF // a download cut short
				}
				return m.Get(ctx, gpt2)
			},
		}}
	}})
	if calls.Load() < 2 || !strings.Contains(h.logs.String(), "loading the default model") {
		t.Fatalf("ready after %d loads; log:\n%s", calls.Load(), h.logs.String())
	}
}

func TestProbePortServesOnlyProbesAndMetrics(t *testing.T) {
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	startServer(t, harnessOptions{defaultModel: gpt2, probe: probe})
	base := "http://" + probe.Addr().String()
	for path, want := range map[string]int{"/health": 200, "/healthz": 200, "/livez": 200, "/readyz": 200, "/metrics": 200, "/tokenize": 404, "/config": 404, "/v1/models": 404} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s on the probe port: %d %s, want %d", path, resp.StatusCode, body, want)
		}
	}
	resp, err := http.Post(base+"/tokenize", "", strings.NewReader("Hello"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("POST /tokenize on the probe port: %d", resp.StatusCode)
	}
}

func TestRequestIDs(t *testing.T) {
	h := startServer(t, harnessOptions{})
	_, hdr, _ := h.do(t, "GET", "/livez", "", nil, "X-Request-Id", "trace-42")
	if got := hdr.Get("X-Request-Id"); got != "trace-42" {
		t.Fatalf("the client's id came back as %q", got)
	}
	_, a, _ := h.do(t, "GET", "/livez", "", nil)
	_, b, _ := h.do(t, "GET", "/livez", "", nil, "X-Request-Id", "has space")
	if a.Get("X-Request-Id") == "" || b.Get("X-Request-Id") == "" || a.Get("X-Request-Id") == b.Get("X-Request-Id") || b.Get("X-Request-Id") == "has space" {
		t.Fatalf("generated ids %q and %q", a.Get("X-Request-Id"), b.Get("X-Request-Id"))
	}
	if !strings.Contains(h.logs.String(), "request_id=trace-42") {
		t.Fatalf("the access log lacks the request id:\n%s", h.logs.String())
	}
}
