package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// BenchmarkFirstToken times a start of the service, from exec to the answer of its first /tokenize, for the
// default model (Qwen3) on disk: "restart" with warm compilation and image caches, "new-model" with a warm
// compilation cache but a model never seen (parsed from tokenizer.json in the sandbox). ms-median is the
// median over the iterations; run with -benchtime 10x or more.
func BenchmarkFirstToken(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "tokenizerd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	modelDir := filepath.Join(dir, "models", "Qwen", "Qwen3-0.6B")
	if err := os.MkdirAll(modelDir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(modelDir, "tokenizer.json"), reference.TokenizerJSON(b, "Qwen/Qwen3"), 0o644); err != nil {
		b.Fatal(err)
	}
	env := append(os.Environ(), "MODELS_DIR="+filepath.Join(dir, "models"), "HF_HUB_OFFLINE=1", "LOG_LEVEL=error",
		"SOCKET_PATH="+filepath.Join(dir, "tokenizer.sock"), "COMPILATION_CACHE_DIR="+filepath.Join(dir, "wazero"),
		"IMAGE_CACHE_DIR="+filepath.Join(dir, "images"))
	firstToken(b, bin, env, dir, true) // fills the caches
	for _, bench := range []struct {
		name         string
		forgetImages bool
	}{{"restart", false}, {"new-model", true}} {
		b.Run(bench.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				if bench.forgetImages {
					b.StopTimer()
					if err := os.RemoveAll(filepath.Join(dir, "images")); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				took = append(took, firstToken(b, bin, env, dir, false))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
		})
	}
}

// firstToken starts the service, asks for the tokens of a short prompt as soon as its socket answers, and
// stops it; it returns the time from exec to the answer. With fill it stops only once the start has filled
// the caches, so that later starts find them warm: the model's image, and both guests compiled.
func firstToken(b *testing.B, bin string, env []string, dir string, fill bool) time.Duration {
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	compiled := make(chan struct{})
	if fill {
		cmd.Env = append(slices.Clone(env), "LOG_LEVEL=info")
		logs, err := cmd.StderrPipe()
		if err != nil {
			b.Fatal(err)
		}
		go func() {
			lines := bufio.NewScanner(logs)
			for lines.Scan() {
				if strings.Contains(lines.Text(), "sandbox ready") {
					close(compiled)
					break
				}
			}
			io.Copy(io.Discard, logs)
		}()
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	// Only a connect per try until the socket listens: a polling HTTP client took enough CPU from the
	// starting server to add tens of milliseconds.
	var conn net.Conn
	for {
		var err error
		if conn, err = net.Dial("unix", filepath.Join(dir, "tokenizer.sock")); err == nil {
			break
		}
		if time.Since(start) > 30*time.Second {
			b.Fatalf("not listening within 30 s: %v", err)
		}
		time.Sleep(200 * time.Microsecond)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return conn, nil
	}}}
	resp, err := client.Post("http://tokenizerd/tokenize", "text/plain", strings.NewReader("Hello, world"))
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("first /tokenize: %s", resp.Status)
	}
	took := time.Since(start)
	if fill {
		awaitFilledCaches(b, dir, compiled)
	}
	return took
}

// awaitFilledCaches waits until the model's image is cached, which happens in the background after the
// model's first load, and until compiled is closed.
func awaitFilledCaches(b *testing.B, dir string, compiled <-chan struct{}) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if images, _ := filepath.Glob(filepath.Join(dir, "images", "*.img")); len(images) > 0 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("no image cached within 2 minutes in %s", dir)
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-compiled:
	case <-time.After(time.Until(deadline)):
		b.Fatal("the guests were not compiled within 2 minutes")
	}
}
