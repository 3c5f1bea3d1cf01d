//go:build wasip1

// Package guestio is what every guest module shares: the abi header and input buffer in linear memory, the
// exports that manage them (abi.ExportVersion, abi.ExportHeader, abi.ExportReserve), the cancel poll, and
// Serve, which runs one call of a guest's own exports. A guest keeps its state in package variables: one
// instance serves one model, one call at a time, and wasip1 has no threads.
package guestio

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

var (
	header [abi.HeaderWords]uint32
	input  []byte
)

//go:wasmimport tokenizerd yield
func hostYield()

// polls counts cancel polls; every yieldEvery-th one yields to the host (abi.ImportYield).
var polls uint32

const yieldEvery = 4

// Canceled tells whether the host asked the running call to stop; handlers poll it between pieces of work.
func Canceled() bool {
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

// Serve runs one call on the first n input bytes and points the header at its result. The cancel word is
// cleared first: a request from an earlier, cancelled call must not stop this one.
func Serve(n uint32, call func([]byte) (abi.Status, []byte)) abi.Status {
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

// ReleaseInput drops the input buffer after a load: it held the model's files, far larger than any request
// to come, and the next request reserves what it needs.
func ReleaseInput(st abi.Status) abi.Status {
	input = nil
	header[abi.HeaderInPtr], header[abi.HeaderInCap] = 0, 0
	return st
}
