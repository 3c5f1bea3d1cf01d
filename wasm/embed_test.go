package wasm

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/guestbuild"
)

func TestGuestsAreWebAssembly(t *testing.T) {
	chat, err := ChatGuest()
	if err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string][]byte{"tokenizer": TokenizerGuest(), "chat": chat} {
		if !bytes.HasPrefix(mod, []byte("\x00asm\x01\x00\x00\x00")) {
			t.Fatalf("embedded %s guest is not a WebAssembly 1.0 module: % x", name, mod[:min(8, len(mod))])
		}
	}
}

// TestGuestsAreFresh rebuilds the guests from source and fails when a committed module differs, so the
// embedded sandboxes can never drift from the code reviewers read.
func TestGuestsAreFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilding the guests takes a while; run without -short")
	}
	if v := runtime.Version(); v != guestbuild.Toolchain {
		t.Skipf("the guests are pinned to %s, this toolchain is %s: run with GOTOOLCHAIN=%s", guestbuild.Toolchain, v, guestbuild.Toolchain)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range guestbuild.Guests {
		fresh, err := guestbuild.Build(root, g)
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join(root, g.File))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, fresh) {
			t.Fatalf("%s (%d bytes) differs from a rebuild (%d bytes): run `task wasm` and commit it", g.File, len(committed), len(fresh))
		}
	}
}
