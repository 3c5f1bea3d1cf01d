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
	loadChat([]byte(files[1]), []byte(files[3]), []byte(files[4]))
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
	perEncoding := 1
	if flags&abi.FlagPairs != 0 {
		perEncoding = 2
		if len(texts)%2 != 0 {
			return fail(abi.StatusBadRequest, errors.New("pairs: odd number of texts"))
		}
	}
	out := abi.AppendU32(output[:0], uint32(len(texts)/perEncoding))
	for i := 0; i < len(texts); i += perEncoding {
		var enc *engine.Encoding
		var err error
		if perEncoding == 2 {
			enc, err = tokenizer.EncodePair(texts[i], texts[i+1], opts)
		} else {
			enc, err = tokenizer.Encode(texts[i], opts)
		}
		if err != nil {
			return fail(statusOf(err), err)
		}
		out = appendEncoding(out, texts[i:i+perEncoding], enc, flags)
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

// appendEncoding writes one encoding of texts (one text, or a pair) as the abi's EncodeResult entry.
func appendEncoding(out []byte, texts []string, enc *engine.Encoding, flags uint32) []byte {
	out = appendWords(abi.AppendU32(out, uint32(len(enc.IDs))), enc.IDs)
	if flags&abi.FlagOffsets != 0 {
		offsets := enc.Offsets
		if flags&abi.FlagCharOffsets != 0 {
			offsets = charOffsets(texts, enc)
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
	if flags&abi.FlagMasks != 0 {
		out = appendWords(appendWords(appendWords(out, enc.TypeIDs), enc.SpecialTokensMask), enc.AttentionMask)
	}
	return out
}

func appendWords(out []byte, words []uint32) []byte {
	for _, w := range words {
		out = abi.AppendU32(out, w)
	}
	return out
}

// charOffsets converts byte offsets to code points of the text each token came from: in a pair, tokens of
// the second sequence count in the second text.
func charOffsets(texts []string, enc *engine.Encoding) []engine.Offset {
	first := engine.CharOffsets(texts[0], enc.Offsets)
	if len(texts) == 1 {
		return first
	}
	second := engine.CharOffsets(texts[1], enc.Offsets)
	for j, seq := range enc.SequenceIDs {
		if seq == 1 {
			first[j] = second[j]
		}
	}
	return first
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
