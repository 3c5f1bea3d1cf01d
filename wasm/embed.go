package wasm

import (
	_ "embed"
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// The guest modules, built from ./wasm/guest and ./wasm/chatguest; the chat guest is compressed with zstd
// (guestbuild.Guests says why). Rebuild them with `task wasm`, which runs `go run ./wasm/build`: GOOS=wasip1
// GOARCH=wasm go build -buildmode=c-shared -trimpath -buildvcs=false -ldflags='-s -w -buildid=', then the data
// segments merged and, for the chat guest, zstd at a fixed level. TestGuestsAreFresh fails when one is stale.
var (
	//go:embed guest.wasm
	tokenizerGuest []byte
	//go:embed chatguest.wasm.zst
	chatGuestZstd []byte
)

// TokenizerGuest returns the tokenizer guest's WebAssembly bytes. They are the embedded bytes themselves:
// the caller must not modify them.
func TokenizerGuest() []byte { return tokenizerGuest }

// ChatGuest returns the chat guest's WebAssembly bytes.
func ChatGuest() ([]byte, error) { return decompress(chatGuestZstd, "chat") }

func decompress(module []byte, name string) ([]byte, error) {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	out, err := dec.DecodeAll(module, nil)
	if err != nil {
		return nil, fmt.Errorf("wasm: decompressing the embedded %s guest: %w", name, err)
	}
	return out, nil
}
