package wasm

import (
	_ "embed"
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// guestZstd is the guest module built from ./wasm/guest and compressed with zstd. Rebuild it with `task wasm`,
// which runs `go run ./wasm/build`: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -buildvcs=false
// -ldflags='-s -w -buildid=' ./wasm/guest, then zstd at a fixed level. TestGuestIsFresh fails when it is stale.
//
//go:embed guest.wasm.zst
var guestZstd []byte

// Guest returns the guest module's WebAssembly bytes.
func Guest() ([]byte, error) {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	out, err := dec.DecodeAll(guestZstd, nil)
	if err != nil {
		return nil, fmt.Errorf("wasm: decompressing the embedded guest: %w", err)
	}
	return out, nil
}
