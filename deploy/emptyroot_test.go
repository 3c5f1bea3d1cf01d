package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// startupGuard only stops a hung test: on two busy cores the first compilation of the guest and the first
// load of a 151k-token vocabulary take tens of seconds.
const startupGuard = 5 * time.Minute

// TestReleaseBinaryServesAloneInEmptyRoot runs the release binary the way the image runs it, without a
// container engine: chrooted into a folder holding only the binary and the image's volumes, as the image's
// USER, with the image's ENV, its ENTRYPOINT and CMD. No /etc, no /dev, no /proc, no CA bundle, no HOME; the
// folders outside the volumes are root's, so a write anywhere else fails as on a read-only root filesystem.
// One model sits on the models volume, read-only to the service; the embedded default serves the rest.
func TestReleaseBinaryServesAloneInEmptyRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chroot(2) needs root: run as root (as CI does) to prove the binary serves alone in an empty root")
	}
	if testing.Short() {
		t.Skip("compiles the guest and loads two models; run without -short")
	}
	img := finalImage(t)
	uid, gid := img.uidGid(t)
	binary := releaseBinary(t)
	qwen := sampleRecords(reference.Golden(t, "Qwen/Qwen3"))
	gpt2 := sampleRecords(reference.Golden(t, "openai-community/gpt2"))
	gpt2JSON := reference.TokenizerJSON(t, "openai-community/gpt2")

	root := imageRoot(t, img, binary, uid, gid)
	modelsDir := filepath.Join(root, img.env["MODELS_DIR"])
	writeReadOnly(t, filepath.Join(modelsDir, "openai-community", "gpt2", "tokenizer.json"), gpt2JSON)
	modelsBefore := listFiles(t, modelsDir)

	env := []string{"HF_HUB_OFFLINE=1"} // the test machine may have a network; the image must not need it
	for k, v := range img.env {
		env = append(env, k+"="+v)
	}
	var stderr syncBuffer
	cmd := exec.Command(img.entrypoint[0], img.cmd...)
	cmd.Env, cmd.Dir, cmd.Stderr = env, "/", &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: uid, Gid: gid}}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	done := make(chan struct{})
	go func() { exited <- cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill() // fails harmlessly when the server has already stopped
		<-done
	})

	socket := filepath.Join(root, img.env["SOCKET_PATH"])
	client := socketClient(socket)
	waitHealthy(t, client, exited, &stderr)

	checkTokenize(t, client, "", qwen) // the embedded default model
	checkTokenize(t, client, "openai-community/gpt2", gpt2)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(startupGuard):
		t.Fatalf("still running %s after SIGTERM\n%s", startupGuard, stderr.String())
	}
	if _, err := os.Lstat(socket); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the socket is left behind after a clean stop: %v", err)
	}
	if strings.Contains(stderr.String(), "level=ERROR") || strings.Contains(stderr.String(), "level=WARN") {
		t.Errorf("the service logged a problem:\n%s", stderr.String())
	}
	if !slices.ContainsFunc(listFiles(t, filepath.Join(root, img.env["COMPILATION_CACHE_DIR"])), isRegular) {
		t.Errorf("no compiled code was kept in COMPILATION_CACHE_DIR: a restart would compile the guest again")
	}
	if after := listFiles(t, modelsDir); !slices.Equal(after, modelsBefore) {
		t.Errorf("an offline server wrote to the models volume (it must work mounted read-only): %v, was %v", after, modelsBefore)
	}
}

// imageRoot lays out what the image holds: the binary at its ENTRYPOINT and each VOLUME as an empty folder
// of the image's user. Everything else belongs to root and is read-only to that user.
func imageRoot(t *testing.T, img stage, binary string, uid, gid uint32) string {
	t.Helper()
	root, err := os.MkdirTemp("", "tkzroot") // short: the socket's path inside it must fit sun_path
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, img.entrypoint[0]), data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range img.volumes {
		dir := filepath.Join(root, v)
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// writeReadOnly writes a file, and any folders it needs, owned by root: the service may only read them.
func writeReadOnly(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// file is one entry under a folder: its path relative to the folder and its type.
type file struct {
	path string
	mode fs.FileMode
}

func isRegular(f file) bool { return f.mode.IsRegular() }

// listFiles lists everything under dir, dir itself left out.
func listFiles(t *testing.T, dir string) []file {
	t.Helper()
	var files []file
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files = append(files, file{rel, d.Type()})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// syncBuffer collects the server's stderr, which exec copies from another goroutine while the test reads it.
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

// sampleRecords takes a spread of the golden records that add special tokens, as /tokenize does by default.
func sampleRecords(all []reference.Record) []reference.Record {
	var out []reference.Record
	for i, r := range all {
		if r.AddSpecialTokens && i%97 < 2 {
			out = append(out, r)
		}
	}
	return out
}

func socketClient(path string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}
}

// waitHealthy polls /health until the default model has loaded, failing at once if the server exits.
func waitHealthy(t *testing.T, client *http.Client, exited <-chan error, stderr *syncBuffer) {
	t.Helper()
	deadline := time.After(startupGuard)
	for {
		resp, err := client.Get("http://tokenizer/health")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				var health struct{ Status string }
				if err := json.Unmarshal(body, &health); err != nil || health.Status != "healthy" {
					t.Fatalf("/health: %s (%v)", body, err)
				}
				return
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the server exited before it was healthy: %v\n%s", err, stderr.String())
		case <-deadline:
			t.Fatalf("not healthy after %s\n%s", startupGuard, stderr.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func checkTokenize(t *testing.T, client *http.Client, model string, records []reference.Record) {
	t.Helper()
	if len(records) == 0 {
		t.Fatal("no golden records to check")
	}
	for _, r := range records {
		body, _ := json.Marshal(map[string]any{"model": model, "prompt": r.Text, "add_special_tokens": true})
		resp, err := client.Post("http://tokenizer/tokenize", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got struct{ Tokens []uint32 }
		if err := json.Unmarshal(data, &got); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("model %q, record %d: %d %s (%v)", model, r.ID, resp.StatusCode, data, err)
		}
		if !slices.Equal(got.Tokens, r.IDs) {
			t.Errorf("model %q, record %d (%q): tokens %v, want %v", model, r.ID, r.Text, got.Tokens, r.IDs)
		}
	}
}
