package cache

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMain doubles as the second process of the cross-process tests: re-executed with childEnv set, the
// test binary pulls one model from the parent's fake hub and reports on stdout.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

const childEnv = "TOKENIZERD_CACHE_TEST_CHILD"

func runChild() int {
	addrs := map[string]string{hfHost + ":80": os.Getenv("CHILD_HUB"), cdnHost + ":80": os.Getenv("CHILD_CDN")}
	goroutines, _ := strconv.Atoi(os.Getenv("CHILD_GOROUTINES"))
	cfg := Config{Dir: os.Getenv("CHILD_DIR"), HFEndpoint: "http://" + hfHost, HFHome: os.Getenv("CHILD_DIR"),
		HTTPClient: testClient(addrs), RetryBaseDelay: time.Millisecond, Logger: slog.New(slog.DiscardHandler)}
	c, err := New(cfg)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("started")
	var wg sync.WaitGroup
	var failed atomic.Bool
	for range max(goroutines, 1) {
		wg.Go(func() {
			m, err := c.Get(context.Background(), os.Getenv("CHILD_REF"))
			if err != nil {
				fmt.Println("error", err)
				failed.Store(true)
				return
			}
			fmt.Println("ok", m.Commit)
		})
	}
	wg.Wait()
	if failed.Load() {
		return 1
	}
	return 0
}

// startChild runs the test binary as a second process pulling ref into dir; its stdout lines arrive on
// the returned channel, which is closed when it exits.
func startChild(t *testing.T, hub *fakeHub, dir, ref string, goroutines int) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", "CHILD_DIR="+dir, "CHILD_REF="+ref,
		"CHILD_HUB="+hub.hub.Listener.Addr().String(), "CHILD_CDN="+hub.cdn.Listener.Addr().String(),
		"CHILD_GOROUTINES="+strconv.Itoa(goroutines))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, lines
}

// gateTokenizer holds every CDN download of tokenizer.json until release is closed, telling arrived
// when the first one starts.
func gateTokenizer(hub *fakeHub, arrived chan<- struct{}, release <-chan struct{}) {
	var once sync.Once
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host == cdnHost && strings.HasSuffix(r.URL.Path, "/tokenizer.json") {
			once.Do(func() { close(arrived) })
			<-release
		}
		return false
	})
}

func TestConcurrentPullsDownloadOnce(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	cfg := testConfig(t, hub.addrs())
	arrived, release := make(chan struct{}), make(chan struct{})
	gateTokenizer(hub, arrived, release)

	// Two processes with four goroutines each, and eight goroutines here, all on one models folder.
	var children []<-chan string
	for range 2 {
		_, lines := startChild(t, hub, cfg.Dir, "acme/tiny", 4)
		if line := <-lines; line != "started" {
			t.Fatalf("child: %q", line)
		}
		children = append(children, lines)
	}
	c := newTestCache(t, cfg)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			m, err := c.Get(context.Background(), "acme/tiny")
			if err == nil && m.Commit != testCommit {
				err = fmt.Errorf("commit %q", m.Commit)
			}
			errs <- err
		})
	}
	<-arrived
	time.Sleep(300 * time.Millisecond) // let every puller reach the lock or the shared flight
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	for i, lines := range children {
		n := 0
		for line := range lines {
			if line != "ok "+testCommit {
				t.Errorf("child %d: %s", i, line)
			}
			n++
		}
		if n != 4 {
			t.Errorf("child %d reported %d results, want 4", i, n)
		}
	}
	for name := range files {
		if got := hub.count(hub.gets, "acme/tiny/"+name); got != 1 {
			t.Errorf("%s downloaded %d times, want 1", name, got)
		}
		if got := hub.count(hub.heads, "acme/tiny/"+name); got != 1 {
			t.Errorf("%s resolved %d times, want 1", name, got)
		}
	}
	assertFiles(t, filepath.Join(cfg.Dir, "acme", "tiny"), files)
}

func TestKilledDownloadLeavesNothingVisible(t *testing.T) {
	hub := newFakeHub(t)
	files := testFiles()
	hub.addRepo("acme/tiny", testCommit, files)
	cfg := testConfig(t, hub.addrs())
	dir := filepath.Join(cfg.Dir, "acme", "tiny")
	tok := files["tokenizer.json"].data
	var cutting atomic.Bool
	cutting.Store(true)
	hub.setFault(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host != cdnHost || !cutting.Load() {
			return false
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(tok)))
		w.Write(tok[:len(tok)/2])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		return true
	})

	cmd, _ := startChild(t, hub, cfg.Dir, "acme/tiny", 1)
	waitFor(t, "half of tokenizer.json on disk", func() bool {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), tempPrefix+"tokenizer.json") && info.Size() >= int64(len(tok)/2) {
				return true
			}
		}
		return false
	})
	cmd.Process.Kill()
	cmd.Wait()

	for _, name := range modelFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s is visible after the download was killed", name)
		}
	}
	c := newTestCache(t, cfg)
	if list, _ := c.List(); len(list) != 0 {
		t.Errorf("List = %v after a killed download", list)
	}

	cutting.Store(false)
	m, err := c.Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	assertFiles(t, m.Dir, files) // the dead process's temporary file is gone too
}

// waitFor polls cond; it bounds a wait for another process, it is not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
