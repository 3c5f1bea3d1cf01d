package guestbuild

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// Toolchain is the Go release the committed guest is built with. Another release compiles different bytes.
const Toolchain = "go1.26.8"

// Guest is one of the guest modules the host embeds: its main package and the file committed for it, both
// relative to the repository's root. A file named *.zst holds the module compressed with zstd.
type Guest struct{ Package, File string }

// Guests are the embedded guests. The tokenizer guest is kept as it is: decompressing it took about 10 ms of
// every restart's first answer, since its compilation cannot start before. The chat guest, which is compiled
// in the background after it, is compressed.
var Guests = []Guest{
	{Package: "./wasm/guest", File: "wasm/guest.wasm"},
	{Package: "./wasm/chatguest", File: "wasm/chatguest.wasm.zst"},
}

// Build compiles g's package in the module rooted at root, merges its data segments (mergeDataSegments) and
// returns the module, compressed when g.File says so.
func Build(root string, g Guest) ([]byte, error) {
	if v := runtime.Version(); v != Toolchain {
		return nil, fmt.Errorf("guestbuild: the guest is pinned to %s but this is %s (run with GOTOOLCHAIN=%s)", Toolchain, v, Toolchain)
	}
	tmp, err := os.MkdirTemp("", "tokenizerd-guest")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	wasmPath := filepath.Join(tmp, "guest.wasm")
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-trimpath", "-buildvcs=false",
		"-ldflags=-s -w -buildid=", "-o", wasmPath, g.Package)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0", "GOFLAGS=", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("guestbuild: go build: %w\n%s", err, stderr.String())
	}
	raw, err := os.ReadFile(wasmPath)
	if err == nil {
		raw, err = mergeDataSegments(raw)
	}
	if err != nil || !strings.HasSuffix(g.File, ".zst") {
		return raw, err
	}
	return compress(raw)
}

// compress uses one encoder goroutine and a fixed level: the output then depends only on the input and the
// pinned version of klauspost/compress.
func compress(raw []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	return enc.EncodeAll(raw, nil), nil
}
