package httpapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/runtime"
)

var (
	sharedHostOnce sync.Once
	sharedHost     *runtime.Host
	sharedHostErr  error

	sharedRegistryOnce sync.Once
	sharedRegistry     *runtime.Registry
)

// testHost compiles the guest once for the whole package.
func testHost(tb testing.TB) *runtime.Host {
	tb.Helper()
	sharedHostOnce.Do(func() {
		sharedHost, sharedHostErr = runtime.NewHost(context.Background(), runtime.Config{PoolSize: 2, QueueSize: 64})
	})
	if sharedHostErr != nil {
		tb.Fatal(sharedHostErr)
	}
	return sharedHost
}

// testRegistry is the package's registry, so that each reference model is parsed once for all the tests.
func testRegistry(tb testing.TB) *runtime.Registry {
	host := testHost(tb)
	sharedRegistryOnce.Do(func() { sharedRegistry = runtime.NewRegistry(host, referenceLoader(tb), 8) })
	return sharedRegistry
}

// referenceLoader serves the reference tokenizers by name, with their config files where the set has them.
// It outlives the test that made it (the registry is shared), so it never reports through a testing.TB.
func referenceLoader(tb testing.TB) runtime.Loader {
	refDir := reference.Dir(tb)
	return func(_ context.Context, name string) (runtime.Files, error) {
		if name == tiny {
			return runtime.Files{TokenizerJSON: []byte(tinyTokenizer)}, nil
		}
		dir := filepath.Join(refDir, "tokenizers", filepath.FromSlash(name))
		if !filepath.IsLocal(name) {
			return runtime.Files{}, fmt.Errorf("%w: %s", ErrModelNotFound, name)
		}
		var files runtime.Files
		var err error
		if files.TokenizerJSON, err = readTokenizerJSON(dir); err != nil {
			return runtime.Files{}, fmt.Errorf("%w: %s: %v", ErrModelNotFound, name, err)
		}
		files.TokenizerConfig, _ = os.ReadFile(filepath.Join(dir, "tokenizer_config.json"))
		files.Config, _ = os.ReadFile(filepath.Join(dir, "config.json"))
		files.ChatTemplateJinja, _ = os.ReadFile(filepath.Join(dir, "chat_template.jinja"))
		return files, nil
	}
}

// readTokenizerJSON reads dir/tokenizer.json, or unzips dir/tokenizer.json.gz where the set keeps it so.
func readTokenizerJSON(dir string) ([]byte, error) {
	if data, err := os.ReadFile(filepath.Join(dir, "tokenizer.json")); err == nil {
		return data, nil
	}
	f, err := os.Open(filepath.Join(dir, "tokenizer.json.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// tiny is a complete BPE tokenizer so small that a call into its sandbox costs next to nothing: what a
// request to it costs is the cost of the HTTP layer.
const (
	tiny          = "test/tiny"
	tinyTokenizer = `{"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":null,
"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}}`
)

// harness is a server on a real unix socket in a short temporary folder (sun_path is limited to ~108
// bytes), with a client dialing it.
type harness struct {
	srv      *Server
	registry *runtime.Registry
	client   *client.Client
	sock     string
	logs     *syncBuffer
	stop     func() error // shuts the server down and returns what Serve returned
}

type harnessOptions struct {
	cfg          Config
	defaultModel string
	wrap         func(Models) Models // replaces the registry as the server sees it
	deps         Deps
	probe        net.Listener
	noWait       bool // return before the default model has loaded
	ownRegistry  bool // a registry of the test's own, for tests that count loaded models
}

func startServer(t testing.TB, o harnessOptions) *harness {
	t.Helper()
	registry := testRegistry(t)
	if o.ownRegistry {
		registry = runtime.NewRegistry(testHost(t), referenceLoader(t), 4)
	}
	dir, err := os.MkdirTemp("", "tkz")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "run", "s.sock")
	cfg := o.cfg
	cfg.SocketPath = sock
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	deps := o.deps
	deps.Models = registry
	if o.wrap != nil {
		deps.Models = o.wrap(registry)
	}
	logs := &syncBuffer{}
	srv := New(cfg, o.defaultModel, deps, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	ln, err := Listen(sock, srv.cfg.SocketMode.FileMode())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, o.probe) }()
	c := client.New(sock)
	var once sync.Once
	stop := func() (err error) { // the first caller gets what Serve returned
		once.Do(func() {
			cancel()
			err = <-done
			c.Close()
			if o.ownRegistry {
				registry.Close(context.Background())
			}
			os.RemoveAll(dir)
		})
		return err
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	h := &harness{srv: srv, registry: registry, client: c, sock: sock, logs: logs, stop: stop}
	if o.defaultModel != "" && !o.noWait {
		h.waitReady(t)
	}
	return h
}

// waitReady waits for the default model to load.
func (h *harness) waitReady(t testing.TB) {
	t.Helper()
	for range 3000 {
		if ok, _ := h.srv.ready(); ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("server not ready after 30 s; log:\n%s", h.logs.String())
}

// do sends a request and returns the status, headers and body of the answer.
func (h *harness) do(t testing.TB, method, path, contentType string, body []byte, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, client.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := h.client.HTTP().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, out
}

func (h *harness) postJSON(t testing.TB, path string, body any) (int, []byte) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	status, _, out := h.do(t, http.MethodPost, path, "application/json", data)
	return status, out
}

func (h *harness) get(t testing.TB, path string) (int, []byte) {
	t.Helper()
	status, _, out := h.do(t, http.MethodGet, path, "", nil)
	return status, out
}

// decodeObject decodes a JSON object, keeping numbers exact.
func decodeObject(t testing.TB, data []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, data)
	}
	return m
}

// scriptedModels answers Get with a script of its own for the names it knows and passes the rest on.
type scriptedModels struct {
	Models
	script map[string]func(ctx context.Context) (*runtime.Model, error)
}

func (m scriptedModels) Get(ctx context.Context, name string) (*runtime.Model, error) {
	if f, ok := m.script[name]; ok {
		return f(ctx)
	}
	return m.Models.Get(ctx, name)
}

func failWith(err error) func(context.Context) (*runtime.Model, error) {
	return func(context.Context) (*runtime.Model, error) { return nil, err }
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func asClientError(t testing.TB, err error) *client.Error {
	t.Helper()
	var ce *client.Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *client.Error", err)
	}
	return ce
}
