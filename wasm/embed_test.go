package wasm

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/guestbuild"
)

func TestGuestDecompresses(t *testing.T) {
	mod, err := Guest()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(mod, []byte("\x00asm\x01\x00\x00\x00")) {
		t.Fatalf("embedded guest is not a WebAssembly 1.0 module: % x", mod[:min(8, len(mod))])
	}
}

// TestGuestIsFresh rebuilds the guest from source and fails when the committed module differs, so the
// embedded sandbox can never drift from the code reviewers read.
func TestGuestIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilding the guest takes a while; run without -short")
	}
	if v := runtime.Version(); v != guestbuild.Toolchain {
		t.Skipf("the guest is pinned to %s, this toolchain is %s: run with GOTOOLCHAIN=%s", guestbuild.Toolchain, v, guestbuild.Toolchain)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := guestbuild.Build(root)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("guest.wasm.zst")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, fresh) {
		t.Fatalf("wasm/guest.wasm.zst (%d bytes) differs from a rebuild (%d bytes): run `task wasm` and commit it", len(committed), len(fresh))
	}
}
