package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/cache"
)

const pullCommit = "0123456789abcdef0123456789abcdef01234567"

// miniHub serves one repository with only tokenizer.json, as an LFS file, over the resolve protocol.
func miniHub(t *testing.T, body []byte) *httptest.Server {
	sum := sha256.Sum256(body)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/acme/tiny/resolve/main/tokenizer.json" && r.URL.Path != "/acme/tiny/resolve/"+pullCommit+"/tokenizer.json" {
			w.Header().Set("X-Error-Code", "EntryNotFound")
			http.NotFound(w, r)
			return
		}
		w.Header().Set("X-Repo-Commit", pullCommit)
		w.Header().Set("X-Linked-Etag", `"`+hex.EncodeToString(sum[:])+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodGet {
			w.Write(body)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPullDownloadsWithLogLines(t *testing.T) {
	body := []byte(`{"model":{"type":"BPE"}}`)
	srv := miniHub(t, body)
	cfg := cache.Config{Dir: t.TempDir(), HFEndpoint: srv.URL, HFHome: t.TempDir()}
	var stdout, stderr bytes.Buffer
	if code := runPull(context.Background(), cfg, []string{"acme/tiny"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	dir := filepath.Join(cfg.Dir, "acme", "tiny")
	if got := stdout.String(); got != "acme/tiny\t"+pullCommit+"\t"+dir+"\n" {
		t.Errorf("stdout = %q", got)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "tokenizer.json")); err != nil || !bytes.Equal(data, body) {
		t.Errorf("tokenizer.json = %q, %v", data, err)
	}
	for _, want := range []string{"msg=downloading model=acme/tiny file=tokenizer.json size=" + strconv.Itoa(len(body)), "msg=downloaded model=acme/tiny file=tokenizer.json"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestPullFailures(t *testing.T) {
	cfg := cache.Config{Dir: t.TempDir(), Offline: true}
	os.MkdirAll(filepath.Join(cfg.Dir, "acme", "cached"), 0o755)
	os.WriteFile(filepath.Join(cfg.Dir, "acme", "cached", "tokenizer.json"), []byte(`{}`), 0o644)

	var stdout, stderr bytes.Buffer
	code := runPull(context.Background(), cfg, []string{"acme/cached", "../etc/passwd", "acme/missing"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.HasPrefix(stdout.String(), "acme/cached\t") {
		t.Errorf("the cached model is not reported: %q", stdout.String())
	}
	for _, want := range []string{"../etc/passwd", "HF_HUB_OFFLINE", "unset HF_HUB_OFFLINE", "2 of 3 models failed"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}

	stderr.Reset()
	if code := runPull(context.Background(), cfg, nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage:") {
		t.Errorf("no arguments: exit %d, %q", code, stderr.String())
	}
}

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	p := &barProgress{w: &out}
	p.Resolved("acme/tiny", "main", pullCommit)
	p.FileStarted("acme/tiny", "tokenizer.json", 2<<20)
	for done := int64(0); done <= 2<<20; done += 1 << 10 {
		p.FileProgress("acme/tiny", "tokenizer.json", done)
	}
	p.FileDone("acme/tiny", "tokenizer.json", nil)

	lines := strings.Split(out.String(), "\n")
	if lines[0] != "acme/tiny@main 0123456789ab" {
		t.Errorf("header = %q", lines[0])
	}
	redraws := strings.Split(lines[1], "\r")[1:]
	if len(redraws) != 101 { // 0% … 100%, once each
		t.Errorf("%d redraws, want 101", len(redraws))
	}
	if last := redraws[len(redraws)-1]; last != eraseLine+"  tokenizer.json           [==============================] 100%  2.0 MB / 2.0 MB" {
		t.Errorf("last redraw = %q", last)
	}
	if half := redraws[50]; !strings.Contains(half, "[===============>              ]  50%  1.0 MB / 2.0 MB") {
		t.Errorf("half-way redraw = %q", half)
	}
}
