package httpapi

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// shortTempDir is a temporary folder with a path short enough for a socket (sun_path is ~108 bytes).
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tkz")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestListenCreatesTheSocketWithTightPermissions(t *testing.T) {
	dir := shortTempDir(t)
	for _, mode := range []fs.FileMode{0o660, 0o600} {
		sock := filepath.Join(dir, "new", mode.String(), "s.sock")
		ln, err := Listen(sock, mode)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(sock)
		if err != nil || st.Mode().Type() != fs.ModeSocket || st.Mode().Perm() != mode {
			t.Fatalf("socket %v, %v; want mode %v", st.Mode(), err, mode)
		}
		if dst, err := os.Stat(filepath.Dir(sock)); err != nil || dst.Mode().Perm() != 0o750 {
			t.Fatalf("folder mode %v, %v; want 0750", dst.Mode().Perm(), err)
		}
		ln.Close()
		if _, err := os.Stat(sock); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("closing the listener left the socket file: %v", err)
		}
	}
}

func TestListenReplacesAStaleSocket(t *testing.T) {
	sock := filepath.Join(shortTempDir(t), "s.sock")
	old, err := net.ListenUnix("unix", &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	old.SetUnlinkOnClose(false) // as a crashed server leaves it
	old.Close()
	ln, err := Listen(sock, 0o660)
	if err != nil {
		t.Fatalf("stale socket: %v", err)
	}
	ln.Close()
}

func TestListenRefusesALiveServerAndOtherFiles(t *testing.T) {
	dir := shortTempDir(t)
	sock := filepath.Join(dir, "s.sock")
	live, err := Listen(sock, 0o660)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if _, err := Listen(sock, 0o660); !errors.Is(err, ErrSocketInUse) {
		t.Fatalf("second Listen: %v, want ErrSocketInUse", err)
	}
	if _, err := os.Stat(sock); err != nil {
		t.Fatalf("the live server's socket was touched: %v", err)
	}
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Listen(file, 0o660); err == nil {
		t.Fatal("Listen replaced a regular file")
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != "keep me" {
		t.Fatalf("the file was changed: %q, %v", data, err)
	}
}
