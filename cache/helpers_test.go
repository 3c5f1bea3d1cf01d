package cache

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
	otherCommit = "fedcba9876543210fedcba9876543210fedcba98"
)

// testFiles is a small model: an LFS tokenizer.json big enough to be cut mid-way, two regular files, and
// none of the other optional files (each answered 404 EntryNotFound).
func testFiles() map[string]fakeFile {
	var tok bytes.Buffer
	tok.WriteString(`{"version":"1.0","model":{"type":"BPE","vocab":{`)
	for i := range 20000 {
		fmt.Fprintf(&tok, `"tok%05d":%d,`, i, i)
	}
	tok.WriteString(`"end":20000}}}`)
	return map[string]fakeFile{
		"tokenizer.json":        {data: tok.Bytes(), lfs: true},
		"tokenizer_config.json": {data: []byte(`{"bos_token":"<s>"}`)},
		"chat_template.jinja":   {data: []byte(`{% for m in messages %}{{ m.content }}{% endfor %}`)},
	}
}

// waits records the retry waits asked for and returns at once, so tests never sleep for Retry-After.
type waits struct {
	mu sync.Mutex
	ds []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ds = append(w.ds, d)
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.ds...)
}

func testConfig(t testing.TB, addrs map[string]string) Config {
	return Config{
		Dir:            t.TempDir(),
		HFEndpoint:     "http://" + hfHost,
		HFHome:         t.TempDir(), // never the developer's own token file
		HTTPClient:     testClient(addrs),
		Timeout:        5 * time.Second,
		Retries:        3,
		RetryBaseDelay: time.Millisecond,
		RetryMaxDelay:  time.Minute,
		Logger:         slog.New(slog.DiscardHandler),
		sleep:          (&waits{}).sleep,
	}
}

func newTestCache(t testing.TB, cfg Config) *Cache {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// assertFiles checks that dir holds exactly the files of want among the model files, byte for byte, and
// no temporary file.
func assertFiles(t testing.TB, dir string, want map[string]fakeFile) {
	t.Helper()
	for _, name := range modelFiles {
		got, err := os.ReadFile(filepath.Join(dir, name))
		f, expected := want[name]
		switch {
		case expected && err != nil:
			t.Errorf("%s: %v", name, err)
		case expected && !bytes.Equal(got, f.data):
			t.Errorf("%s: %d bytes differ from the %d served", name, len(got), len(f.data))
		case !expected && err == nil:
			t.Errorf("%s: present, but the repository has no such file", name)
		}
	}
	assertNoTemps(t, dir)
}

func assertNoTemps(t testing.TB, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
