package main

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// The guest keeps its state in package variables: one instance serves one model, one call at a time, and
// wasip1 has no threads.
var (
	header    [abi.HeaderWords]uint32
	input     []byte
	output    []byte
	tokenizer *engine.Tokenizer
)

// maxKeptOutput bounds the output buffer kept between calls, so one huge answer does not pin memory forever.
const maxKeptOutput = 4 << 20

func main() {}

//go:wasmexport tkz_abi_version
func abiVersion() uint32 { return abi.Version }

//go:wasmexport tkz_header
func headerAddress() uint32 { return uint32(uintptr(unsafe.Pointer(&header[0]))) }

//go:wasmexport tkz_reserve
func reserve(n uint32) (status abi.Status) {
	defer recoverInto(&status)
	if int(n) > cap(input) {
		input = make([]byte, n)
		header[abi.HeaderInPtr] = uint32(uintptr(unsafe.Pointer(unsafe.SliceData(input))))
		header[abi.HeaderInCap] = n
	}
	return abi.StatusOK
}

//go:wasmexport tkz_load
func load(n uint32) (status abi.Status) {
	defer recoverInto(&status)
	data, st := request(n)
	if st != abi.StatusOK {
		return st
	}
	r := abi.NewReader(data)
	files := r.Texts()
	if err := r.Done(); err != nil || len(files) != len(abi.LoadFiles) {
		return fail(abi.StatusBadRequest, fmt.Errorf("load request: want %d files: %v", len(abi.LoadFiles), err))
	}
	t, err := engine.Load([]byte(files[0]))
	if err != nil {
		return fail(abi.StatusBadModel, err)
	}
	tokenizer = t
	info := modelInfo([]byte(files[1]), []byte(files[2]), t.VocabSize())
	return succeed(info.Append(output[:0]))
}

//go:wasmexport tkz_encode
func encode(n, flags uint32) (status abi.Status) {
	defer recoverInto(&status)
	data, st := request(n)
	if st != abi.StatusOK {
		return st
	}
	if tokenizer == nil {
		return fail(abi.StatusNotLoaded, errors.New("no tokenizer loaded"))
	}
	r := abi.NewReader(data)
	texts := r.Texts()
	if err := r.Done(); err != nil {
		return fail(abi.StatusBadRequest, err)
	}
	opts := engine.Options{AddSpecialTokens: flags&abi.FlagAddSpecialTokens != 0, Interrupted: canceled}
	out := abi.AppendU32(output[:0], uint32(len(texts)))
	for _, text := range texts {
		enc, err := tokenizer.Encode(text, opts)
		if err != nil {
			return fail(statusOf(err), err)
		}
		out = appendEncoding(out, text, enc, flags)
	}
	return succeed(out)
}

//go:wasmexport tkz_decode
func decode(n, flags uint32) (status abi.Status) {
	defer recoverInto(&status)
	data, st := request(n)
	if st != abi.StatusOK {
		return st
	}
	if tokenizer == nil {
		return fail(abi.StatusNotLoaded, errors.New("no tokenizer loaded"))
	}
	r := abi.NewReader(data)
	lists := r.IDLists()
	if err := r.Done(); err != nil {
		return fail(abi.StatusBadRequest, err)
	}
	texts := make([]string, len(lists))
	for i, ids := range lists {
		text, err := tokenizer.Decode(ids, flags&abi.FlagSkipSpecialTokens != 0)
		if err != nil {
			return fail(abi.StatusBadRequest, err)
		}
		texts[i] = text
	}
	return succeed(abi.AppendTexts(output[:0], texts))
}

func appendEncoding(out []byte, text string, enc *engine.Encoding, flags uint32) []byte {
	out = abi.AppendU32(out, uint32(len(enc.IDs)))
	for _, id := range enc.IDs {
		out = abi.AppendU32(out, id)
	}
	if flags&abi.FlagOffsets != 0 {
		offsets := enc.Offsets
		if flags&abi.FlagCharOffsets != 0 {
			offsets = engine.CharOffsets(text, offsets)
		}
		for _, o := range offsets {
			out = abi.AppendU32(abi.AppendU32(out, uint32(o.Start)), uint32(o.End))
		}
	}
	if flags&abi.FlagTokens != 0 {
		for _, t := range enc.Tokens {
			out = abi.AppendBytes(out, t)
		}
	}
	return out
}

// request returns the first n bytes of the input buffer, clears a cancel request left from an earlier call and
// releases an oversized output buffer.
func request(n uint32) ([]byte, abi.Status) {
	atomic.StoreUint32(&header[abi.HeaderCancel], 0)
	if cap(output) > maxKeptOutput {
		output = nil // the host has read the last result; let one huge answer go
	}
	if int(n) > len(input) {
		return nil, fail(abi.StatusBadRequest, fmt.Errorf("request of %d bytes exceeds the %d-byte input buffer", n, len(input)))
	}
	return input[:n], abi.StatusOK
}

func canceled() bool { return atomic.LoadUint32(&header[abi.HeaderCancel]) != 0 }

func statusOf(err error) abi.Status {
	if errors.Is(err, engine.ErrInterrupted) {
		return abi.StatusCanceled
	}
	return abi.StatusBadRequest
}

func succeed(out []byte) abi.Status {
	publish(out)
	return abi.StatusOK
}

func fail(st abi.Status, err error) abi.Status {
	publish(append(output[:0], err.Error()...))
	return st
}

// publish points the header at out and keeps out as the buffer of the next call.
func publish(out []byte) {
	output = out
	header[abi.HeaderOutLen] = uint32(len(out))
	header[abi.HeaderOutPtr] = uint32(uintptr(unsafe.Pointer(unsafe.SliceData(out))))
}

// recoverInto turns a panic into StatusInternal with the panic's message, so the host gets an error code
// instead of a trap. The host discards an instance after StatusInternal: its state can no longer be trusted.
func recoverInto(status *abi.Status) {
	if v := recover(); v != nil {
		*status = fail(abi.StatusInternal, fmt.Errorf("guest panic: %v", v))
	}
}
