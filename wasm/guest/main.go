//go:build wasip1

package main

import (
	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/guestio"
	"github.com/tokenizerd/tokenizerd/wasm/handler"
)

var h = handler.Handler{Canceled: guestio.Canceled}

func main() {}

// tkz_load skips the proofs of the encode shortcuts: the host asks a JSON-loaded instance for the model's
// image (which has them) right away, and retires it.
//
//go:wasmexport tkz_load
func load(n uint32) abi.Status { return guestio.ReleaseInput(guestio.Serve(n, h.LoadForImage)) }

//go:wasmexport tkz_load_image
func loadImage(n uint32) abi.Status { return guestio.ReleaseInput(guestio.Serve(n, h.LoadImage)) }

//go:wasmexport tkz_image
func image(n uint32) abi.Status {
	return guestio.Serve(n, func([]byte) (abi.Status, []byte) { return h.Image() })
}

//go:wasmexport tkz_encode
func encode(n, flags uint32) abi.Status {
	return guestio.Serve(n, func(req []byte) (abi.Status, []byte) { return h.Encode(req, flags) })
}

//go:wasmexport tkz_decode
func decode(n, flags uint32) abi.Status {
	return guestio.Serve(n, func(req []byte) (abi.Status, []byte) { return h.Decode(req, flags) })
}
