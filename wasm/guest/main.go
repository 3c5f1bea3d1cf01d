//go:build wasip1

package main

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/handler"
)

// The guest keeps its state in package variables: one instance serves one model, one call at a time, and
// wasip1 has no threads.
var (
	header [abi.HeaderWords]uint32
	input  []byte
	h      = handler.Handler{Canceled: canceled}
)

func main() {}

//go:wasmimport tokenizerd yield
func hostYield()

// polls counts cancel polls; every yieldEvery-th one yields to the host (abi.ImportYield).
var polls uint32

const yieldEvery = 4

func canceled() bool {
	if polls++; polls%yieldEvery == 0 {
		hostYield()
	}
	return atomic.LoadUint32(&header[abi.HeaderCancel]) != 0
}

//go:wasmexport tkz_abi_version
func abiVersion() uint32 { return abi.Version }

//go:wasmexport tkz_header
func headerAddress() uint32 { return uint32(uintptr(unsafe.Pointer(&header[0]))) }

//go:wasmexport tkz_reserve
func reserve(n uint32) abi.Status {
	if int(n) > cap(input) {
		input = make([]byte, n)
		header[abi.HeaderInPtr] = uint32(uintptr(unsafe.Pointer(unsafe.SliceData(input))))
		header[abi.HeaderInCap] = n
	}
	return abi.StatusOK
}

// tkz_load skips the proofs of the encode shortcuts: the host asks a JSON-loaded instance for the model's
// image (which has them) right away, and retires it.
//
//go:wasmexport tkz_load
func load(n uint32) abi.Status { return releaseInput(serve(n, h.LoadForImage)) }

//go:wasmexport tkz_load_image
func loadImage(n uint32) abi.Status { return releaseInput(serve(n, h.LoadImage)) }

//go:wasmexport tkz_image
func image(n uint32) abi.Status {
	return serve(n, func([]byte) (abi.Status, []byte) { return h.Image() })
}

// releaseInput drops the input buffer after a load: it held the model's files, far larger than any request
// to come, and the next request reserves what it needs.
func releaseInput(st abi.Status) abi.Status {
	input = nil
	header[abi.HeaderInPtr], header[abi.HeaderInCap] = 0, 0
	return st
}

//go:wasmexport tkz_encode
func encode(n, flags uint32) abi.Status {
	return serve(n, func(req []byte) (abi.Status, []byte) { return h.Encode(req, flags) })
}

//go:wasmexport tkz_decode
func decode(n, flags uint32) abi.Status {
	return serve(n, func(req []byte) (abi.Status, []byte) { return h.Decode(req, flags) })
}

//go:wasmexport tkz_render
func render(n, flags uint32) abi.Status {
	return serve(n, func(req []byte) (abi.Status, []byte) { return h.Render(req, flags) })
}

// serve runs one call on the first n input bytes and points the header at its result. The cancel word is
// cleared first: a request from an earlier, cancelled call must not stop this one.
func serve(n uint32, call func([]byte) (abi.Status, []byte)) abi.Status {
	atomic.StoreUint32(&header[abi.HeaderCancel], 0)
	if int(n) > len(input) {
		n = uint32(len(input)) // the host never asks this; the truncated frame is refused as malformed
	}
	status, out := call(input[:n])
	header[abi.HeaderOutLen] = uint32(len(out))
	header[abi.HeaderOutPtr] = uint32(uintptr(unsafe.Pointer(unsafe.SliceData(out))))
	// Goroutines run only while an export executes, and a call that never yields starves the garbage
	// collector's background mark workers: a started cycle then never finishes and the heap grows call
	// after call. Yielding once per call lets them run.
	runtime.Gosched()
	return status
}
