package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// gatedModels resolves "gate/<model>" to <model> once gate is closed.
func gatedModels(gate <-chan struct{}) func(Models) Models {
	return func(m Models) Models {
		return scriptedModels{Models: m, script: map[string]func(context.Context) (*runtime.Model, error){
			"gate/" + gpt2: func(ctx context.Context) (*runtime.Model, error) {
				<-gate // deliberately deaf to ctx: a request the server must wait for
				return m.Get(ctx, gpt2)
			},
		}}
	}
}

// waitFor polls cond; it is for ordering, never for timing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 3000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

func TestGracefulShutdownDuringLoad(t *testing.T) {
	probe, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gate := make(chan struct{})
	h := startServer(t, harnessOptions{defaultModel: gpt2, probe: probe, wrap: gatedModels(gate)})
	prompt := strings.Repeat("Hello world ", 85) // 1 KiB, 171 tokens in GPT-2: "Hello" then " world Hello"...
	want, err := h.client.Tokenize(context.Background(), prompt, client.TokenizeOptions{})
	if err != nil {
		t.Fatal(err)
	}

	// Load: clients of their own, hammering until the server is gone.
	var answered, refused atomic.Int64
	var wrong sync.Map
	var load sync.WaitGroup
	for range 6 {
		load.Go(func() {
			c := client.New(h.sock)
			defer c.Close()
			for {
				got, err := c.Tokenize(context.Background(), prompt, client.TokenizeOptions{})
				var ce *client.Error
				switch {
				case errors.As(err, &ce):
					wrong.Store(ce.Error(), true) // a status other than 200 during shutdown is a bug
				case err != nil: // the connection was refused or closed: the server stopped accepting
					if refused.Add(1); !h.socketExists() {
						return
					}
				case fmt.Sprint(got.Tokens) != fmt.Sprint(want.Tokens):
					wrong.Store("wrong tokens", true)
				default:
					answered.Add(1)
				}
			}
		})
	}
	waitFor(t, "load", func() bool { return answered.Load() > 50 })

	// A request in flight when shutdown starts must still be answered.
	slow := make(chan error, 1)
	go func() {
		got, err := h.client.Tokenize(context.Background(), prompt, client.TokenizeOptions{Model: "gate/" + gpt2})
		if err == nil && fmt.Sprint(got.Tokens) != fmt.Sprint(want.Tokens) {
			err = fmt.Errorf("wrong tokens %v", got.Tokens)
		}
		slow <- err
	}()
	waitFor(t, "the gated request", func() bool { return h.srv.inFlight.Load() > 0 && h.srvHasGated() })

	stopped := make(chan error, 1)
	go func() { stopped <- h.stop() }()
	waitFor(t, "draining", func() bool { return h.srv.draining.Load() })
	resp, err := http.Get("http://" + probe.Addr().String() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz while draining: %d", resp.StatusCode)
	}
	waitFor(t, "the socket to close", func() bool { return !h.socketExists() })
	close(gate)
	if err := <-slow; err != nil {
		t.Fatalf("the request in flight at shutdown: %v", err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	load.Wait()
	wrong.Range(func(k, _ any) bool { t.Errorf("during shutdown: %v", k); return true })
	t.Logf("%d answers, %d refusals", answered.Load(), refused.Load())
}

func (h *harness) socketExists() bool {
	_, err := os.Stat(h.sock)
	return !errors.Is(err, fs.ErrNotExist)
}

// srvHasGated tells whether the gated request reached the model lookup.
func (h *harness) srvHasGated() bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:goruntime.Stack(buf, true)]), "gatedModels")
}

func TestShutdownDeadlineCutsRequestsOff(t *testing.T) {
	gate := make(chan struct{})
	defer close(gate)
	h := startServer(t, harnessOptions{cfg: Config{ShutdownTimeout: 100 * time.Millisecond}, wrap: gatedModels(gate)})
	done := make(chan error, 1)
	go func() {
		_, err := h.client.Tokenize(context.Background(), "x", client.TokenizeOptions{Model: "gate/" + gpt2})
		done <- err
	}()
	waitFor(t, "the gated request", h.srvHasGated)
	err := h.stop()
	if err == nil || !strings.Contains(err.Error(), "1 requests still running") {
		t.Fatalf("Serve returned %v, want the requests still running", err)
	}
	if err := <-done; err == nil {
		t.Fatal("the cut-off request got an answer")
	}
	if h.socketExists() {
		t.Fatal("the socket file is still there")
	}
}

func TestGoroutinesFlatAfterLoad(t *testing.T) {
	testHost(t)
	before := goruntime.NumGoroutine()
	func() {
		h := startServer(t, harnessOptions{defaultModel: gpt2})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 50 {
					if _, err := h.client.Tokenize(context.Background(), "Hello world", client.TokenizeOptions{}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		if err := h.stop(); err != nil {
			t.Fatal(err)
		}
	}()
	var after int
	for range 500 {
		if after = goruntime.NumGoroutine(); after <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines before, %d after:\n%s", before, after, buf[:goruntime.Stack(buf, true)])
}
