package cache

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestDownloadFromHuggingFace(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	cfg := testConfig(t, hub.addrs())
	cfg.HFToken = "hf_secret"
	c := newTestCache(t, cfg)

	m, err := c.Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	want := Model{ID: "acme/tiny", Revision: "main", Commit: testCommit, Source: "huggingface", Dir: filepath.Join(cfg.Dir, "acme", "tiny")}
	if m.ID != want.ID || m.Revision != want.Revision || m.Commit != want.Commit || m.Source != want.Source || m.Dir != want.Dir {
		t.Errorf("model = %+v, want %+v", *m, want)
	}
	assertFiles(t, m.Dir, files)
	data, err := m.ReadFile("tokenizer.json")
	if err != nil || string(data) != string(files["tokenizer.json"].data) {
		t.Errorf("ReadFile(tokenizer.json) = %d bytes, %v", len(data), err)
	}

	// The token reached the hub, never the CDN that LFS files redirect to.
	if len(hub.cdnAuth) != 0 {
		t.Errorf("the CDN received Authorization headers: %d", len(hub.cdnAuth))
	}
	if !slices.Contains(hub.hubAuth, "Bearer hf_secret") {
		t.Errorf("the hub never received the token")
	}
	if got := hub.count(hub.gets, "acme/tiny/tokenizer.json"); got != 1 {
		t.Errorf("tokenizer.json downloaded %d times, want 1", got)
	}

	meta, err := readMetadata(m.Dir)
	if err != nil || meta == nil {
		t.Fatalf("metadata: %v, %v", meta, err)
	}
	if meta.State != stateComplete || meta.Commit != testCommit || meta.Revision != "main" || len(meta.Files) != 3 {
		t.Errorf("metadata = %+v", meta)
	}
	for _, rec := range meta.Files {
		if rec.SHA256 != sha256Hex(files[rec.Name].data) || rec.Size != int64(len(files[rec.Name].data)) {
			t.Errorf("metadata for %s = %+v", rec.Name, rec)
		}
	}
	if tok := meta.Files[slices.IndexFunc(meta.Files, func(r fileRecord) bool { return r.Name == "tokenizer.json" })]; tok.ETag != sha256Hex(files["tokenizer.json"].data) {
		t.Errorf("tokenizer.json etag = %q, want the X-Linked-Etag", tok.ETag)
	}
	var total int64
	for _, rec := range meta.Files {
		total += rec.Size
	}
	if got, want := c.Stats(), (Stats{Misses: 1, Downloads: 3, DownloadedBytes: total}); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}

func TestCachedModelNeedsNoNetwork(t *testing.T) {
	hub := newFakeHub(t)
	hub.addRepo("acme/tiny", testCommit, testFiles())
	cfg := testConfig(t, hub.addrs())
	c := newTestCache(t, cfg)
	if _, err := c.Get(context.Background(), "acme/tiny"); err != nil {
		t.Fatal(err)
	}

	// Same folder, a client whose every request fails: plain, branch, full and short commit all served.
	var calls atomic.Int32
	cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, errors.New("network unreachable")
	})}
	c = newTestCache(t, cfg)
	for _, ref := range []string{"acme/tiny", "acme/tiny@main", "acme/tiny@" + testCommit, "acme/tiny@" + testCommit[:7]} {
		m, err := c.Get(context.Background(), ref)
		if err != nil {
			t.Errorf("Get(%s): %v", ref, err)
			continue
		}
		if m.Commit != testCommit {
			t.Errorf("Get(%s).Commit = %q", ref, m.Commit)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d network calls for a cached model", calls.Load())
	}
	if got, want := c.Stats(), (Stats{Hits: 4}); got != want {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestOptionalFilesMissing(t *testing.T) {
	hub := newFakeHub(t)
	files := map[string]fakeFile{"tokenizer.json": {data: []byte(`{"model":{}}`)}}
	hub.addRepo("acme/bare", testCommit, files)
	c := newTestCache(t, testConfig(t, hub.addrs()))
	m, err := c.Get(context.Background(), "acme/bare")
	if err != nil {
		t.Fatal(err)
	}
	assertFiles(t, m.Dir, files)
	// Every optional file was asked for once, at the resolved commit, and its 404 was no error.
	for _, name := range modelFiles[1:] {
		if _, err := m.ReadFile(name); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("ReadFile(%s) = %v, want not exist", name, err)
		}
	}
}

func TestHubErrors(t *testing.T) {
	hub := newFakeHub(t)
	hub.addRepo("acme/tiny", testCommit, testFiles())
	hub.addRepo("acme/gated", testCommit, testFiles()).gated = true
	hub.addRepo("acme/notok", testCommit, map[string]fakeFile{"config.json": {data: []byte(`{}`)}})

	tests := []struct {
		name, ref, token string
		want             error
		says             string
	}{
		{"missing repo", "acme/nothing", "", ErrNotFound, "repository not found"},
		{"gated without token", "acme/gated", "", ErrUnauthorized, "no HF_TOKEN"},
		{"gated with a token lacking access", "acme/gated", "hf_other", ErrUnauthorized, "token from HF_TOKEN"},
		{"revision", "acme/tiny@v9", "", ErrRevisionNotFound, `"v9"`},
		{"no tokenizer.json", "acme/notok", "", ErrNotFound, "tokenizer.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, hub.addrs())
			cfg.HFToken = tt.token
			_, err := newTestCache(t, cfg).Get(context.Background(), tt.ref)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %q, want it to say %q", err, tt.says)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("the error shows the token: %q", err)
			}
		})
	}

	t.Run("gated with a granted token from the legacy variable", func(t *testing.T) {
		cfg := testConfig(t, hub.addrs())
		cfg.HFHubToken = "hf_good"
		if _, err := newTestCache(t, cfg).Get(context.Background(), "acme/gated"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("token file", func(t *testing.T) {
		cfg := testConfig(t, hub.addrs())
		os.WriteFile(filepath.Join(cfg.HFHome, "token"), []byte("hf_other\n"), 0o600)
		_, err := newTestCache(t, cfg).Get(context.Background(), "acme/gated")
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), filepath.Join(cfg.HFHome, "token")) || strings.Contains(err.Error(), "hf_other") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	var limited, busy atomic.Int32
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host == cdnHost && limited.Add(1) <= 2 {
			w.Header().Set("Retry-After", "7")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return true
		}
		if r.Method == http.MethodHead && strings.HasSuffix(r.URL.Path, "/config.json") && busy.Add(1) == 1 {
			http.Error(w, "busy", http.StatusBadGateway) // retried after a backoff
			return true
		}
		return false
	})
	cfg := testConfig(t, hub.addrs())
	rec := &waits{}
	cfg.sleep = rec.sleep
	cfg.HFToken = "hf_secret"
	var logs bytes.Buffer
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	m, err := newTestCache(t, cfg).Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	assertFiles(t, m.Dir, files)
	if n := strings.Count(logs.String(), "retrying"); n != 3 || strings.Contains(logs.String(), "hf_secret") {
		t.Errorf("logs (want 3 retries, no token):\n%s", logs.String())
	}
	got := rec.all()
	if len(got) != 3 || got[0] > 2*time.Millisecond || got[1] != 7*time.Second || got[2] != 7*time.Second {
		t.Errorf("waits = %v, want one short backoff then 7s twice", got)
	}
}

func TestRetryAfterBeyondTheCapGivesUp(t *testing.T) {
	hub := newFakeHub(t)
	hub.addRepo("acme/tiny", testCommit, testFiles())
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return true
	})
	cfg := testConfig(t, hub.addrs())
	_, err := newTestCache(t, cfg).Get(context.Background(), "acme/tiny")
	if !errors.Is(err, ErrNetwork) || !strings.Contains(err.Error(), "retry after 1h0m0s") {
		t.Fatalf("err = %v", err)
	}
}

// cutBody answers a GET of the file with its full Content-Length and only half of its bytes, then drops
// the connection.
func cutBody(w http.ResponseWriter, data []byte) {
	hj, _ := w.(http.Hijacker)
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: " + strconv.Itoa(len(data)) + "\r\n\r\n")
	buf.Write(data[:len(data)/2])
	buf.Flush()
}

func TestInterruptedDownloadLeavesNothingVisible(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	var cut atomic.Bool
	cut.Store(true)
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host == cdnHost && cut.Load() {
			cutBody(w, files["tokenizer.json"].data)
			return true
		}
		return false
	})
	cfg := testConfig(t, hub.addrs())
	cfg.Retries = 1
	c := newTestCache(t, cfg)
	_, err := c.Get(context.Background(), "acme/tiny")
	if !errors.Is(err, ErrNetwork) {
		t.Fatalf("err = %v, want a network failure", err)
	}
	dir := filepath.Join(cfg.Dir, "acme", "tiny")
	assertFiles(t, dir, nil) // no model file at all: the regular files were not published either
	if list, _ := c.List(); len(list) != 0 {
		t.Errorf("List = %v after a failed download", list)
	}

	cut.Store(false)
	m, err := c.Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	assertFiles(t, m.Dir, files)
}

func TestCutBodyIsRetried(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	var cuts atomic.Int32
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host == cdnHost && cuts.Add(1) == 1 {
			cutBody(w, files["tokenizer.json"].data)
			return true
		}
		return false
	})
	m, err := newTestCache(t, testConfig(t, hub.addrs())).Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	assertFiles(t, m.Dir, files)
	if got := cuts.Load(); got != 2 {
		t.Errorf("CDN requests = %d, want 2 (one cut, one retry)", got)
	}
}

func TestWrongChecksum(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	files["tokenizer.json"] = fakeFile{data: files["tokenizer.json"].data, lfs: true, etag: sha256Hex([]byte("something else"))}
	hub.addRepo("acme/lfs", testCommit, files)
	files2 := testFiles()
	files2["tokenizer_config.json"] = fakeFile{data: []byte(`{}`), etag: gitBlobID([]byte(`{"x":1}`))}
	hub.addRepo("acme/git", testCommit, files2)

	for _, ref := range []string{"acme/lfs", "acme/git"} {
		cfg := testConfig(t, hub.addrs())
		_, err := newTestCache(t, cfg).Get(context.Background(), ref)
		if !errors.Is(err, ErrChecksum) {
			t.Errorf("%s: err = %v, want a checksum mismatch", ref, err)
		}
		assertFiles(t, filepath.Join(cfg.Dir, filepath.FromSlash(ref)), nil)
	}
}

func TestSlowServerIsAbandonedAndRetried(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	var stalls atomic.Int32
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host == cdnHost && stalls.Add(1) == 1 {
			// Headers and a first chunk, then silence until the client gives up.
			data := files["tokenizer.json"].data
			w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			w.Write(data[:1000])
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return true
		}
		return false
	})
	cfg := testConfig(t, hub.addrs())
	cfg.Timeout = 200 * time.Millisecond
	m, err := newTestCache(t, cfg).Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	assertFiles(t, m.Dir, files)
	if got := stalls.Load(); got != 2 {
		t.Errorf("CDN requests = %d, want 2 (one stalled, one retry)", got)
	}
}

func TestMaxFileSize(t *testing.T) {
	hub := newFakeHub(t)
	hub.addRepo("acme/tiny", testCommit, testFiles())
	cfg := testConfig(t, hub.addrs())
	cfg.MaxFileSize = 1000
	_, err := newTestCache(t, cfg).Get(context.Background(), "acme/tiny")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	if got := hub.count(hub.gets, "acme/tiny/tokenizer.json"); got != 0 {
		t.Errorf("the oversized file was downloaded %d times", got)
	}
}

func TestNetworkUnreachable(t *testing.T) {
	cfg := testConfig(t, map[string]string{})
	cfg.Retries = 1
	_, err := newTestCache(t, cfg).Get(context.Background(), "acme/tiny")
	if !errors.Is(err, ErrNetwork) {
		t.Fatalf("err = %v", err)
	}
	var nerr net.Error
	if !errors.As(err, &nerr) && !strings.Contains(err.Error(), "no route") {
		t.Errorf("err = %v: the cause is lost", err)
	}
}
