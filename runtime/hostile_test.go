package runtime

import (
	"context"
	"errors"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/wasm"
	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// releaseWord is the guest address the spinning hostile guest polls: it runs until the test stores a
// non-zero word there. It is not the cancel word, which the guest ignores.
const releaseWord = 24

// hostileGuest assembles a minimal module that speaks the ABI but misbehaves: tkz_decode traps, and when spin
// is set tkz_encode runs until releaseWord is set, never looking at the cancel word (it does call the host's
// yield, as the real guest does: a loop that never calls out could not be preempted by the Go runtime at all).
// tkz_encode answers an empty batch.
func hostileGuest(spin bool) []byte {
	section := func(id byte, content ...byte) []byte {
		return append([]byte{id}, append(leb128(uint64(len(content))), content...)...)
	}
	name := func(s string) []byte { return append(leb128(uint64(len(s))), s...) }
	const (
		tVoid     = 0 // () -> ()
		tI32      = 1 // () -> i32
		tI32I32   = 2 // (i32) -> i32
		tI32x2I32 = 3 // (i32, i32) -> i32
	)
	types := []byte{4,
		0x60, 0, 0,
		0x60, 0, 1, 0x7f,
		0x60, 1, 0x7f, 1, 0x7f,
		0x60, 2, 0x7f, 0x7f, 1, 0x7f}
	exports := []struct {
		name string
		typ  byte
		body []byte
	}{
		{"_initialize", tVoid, []byte{0x0b}},
		{abi.ExportVersion, tI32, []byte{0x41, byte(abi.Version), 0x0b}},
		{abi.ExportHeader, tI32, []byte{0x41, 0, 0x0b}},
		{abi.ExportReserve, tI32I32, []byte{0x41, 0, 0x0b}},
		{abi.ExportLoad, tI32I32, []byte{0x41, 0, 0x0b}},
		{abi.ExportEncode, tI32x2I32, encodeBody(spin)},
		{abi.ExportDecode, tI32x2I32, []byte{0x00, 0x0b}},                         // unreachable
		{abi.ExportImage, tI32I32, []byte{0x41, byte(abi.StatusNotLoaded), 0x0b}}, // no image: models stay on "JSON"
		{abi.ExportLoadImage, tI32I32, []byte{0x41, 0, 0x0b}},
	}
	funcs := []byte{byte(len(exports))}
	exportSec := []byte{byte(len(exports) + 1)}
	exportSec = append(append(exportSec, name("memory")...), 2, 0)
	code := []byte{byte(len(exports))}
	for i, e := range exports {
		funcs = append(funcs, e.typ)
		exportSec = append(append(exportSec, name(e.name)...), 0, byte(i+1)) // function 0 is the import
		body := append([]byte{0}, e.body...)                                 // no locals
		code = append(append(code, leb128(uint64(len(body)))...), body...)
	}
	// Header at address 0: input at 64 with 60000 bytes of room; output at 32, 16 zero bytes = an empty ModelInfo.
	header := abi.AppendU32(abi.AppendU32(abi.AppendU32(abi.AppendU32(nil, 64), 60000), 32), 16)
	data := append([]byte{1, 0, 0x41, 0, 0x0b}, append(leb128(uint64(len(header))), header...)...)

	mod := []byte("\x00asm\x01\x00\x00\x00")
	imports := append(append([]byte{1}, name(abi.ImportModule)...), append(name(abi.ImportYield), 0, tVoid)...)
	mod = append(mod, section(1, types...)...)
	mod = append(mod, section(2, imports...)...)
	mod = append(mod, section(3, funcs...)...)
	mod = append(mod, section(5, 1, 0, 1)...)
	mod = append(mod, section(7, exportSec...)...)
	mod = append(mod, section(10, code...)...)
	return append(mod, section(11, data...)...)
}

func leb128(v uint64) []byte {
	var out []byte
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(out, b)
		}
		out = append(out, b|0x80)
	}
}

// encodeBody sets the header's output length to 4 (a zero count: an empty batch), optionally spins until
// releaseWord is set, and returns StatusOK.
func encodeBody(spin bool) []byte {
	body := []byte{0x41, 4 * abi.HeaderOutLen, 0x41, 4, 0x36, 2, 0} // i32.store(header.outLen, 4)
	if spin {
		// loop { call yield; br_if 0 (i32.load(releaseWord) == 0) }
		body = append(body, 0x03, 0x40, 0x10, 0, 0x41, releaseWord, 0x28, 2, 0, 0x45, 0x0d, 0, 0x0b)
	}
	return append(body, 0x41, 0, 0x0b)
}

func TestRunawayGuestIsAbandonedAndTheCallerReturns(t *testing.T) {
	ctx := context.Background()
	h, err := newHost(ctx, Config{CallTimeout: 50 * time.Millisecond, CancelGrace: 50 * time.Millisecond, PoolSize: 1}, hostileGuest(true), wasm.ChatGuest)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	m, err := h.Load(ctx, "runaway", Files{TokenizerJSON: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	<-m.imageReady() // the background image request must not take the only slot from the test
	var runaway *instance
	err = m.pool.with(ctx, func(in *instance) error {
		runaway = in
		_, err := in.call(ctx, exportEncode, abi.AppendTexts(nil, []string{"x"}), 0)
		return err
	})
	// Should the test stop early, release the guest before the deferred h.Close: the runtime must not be
	// closed under a running guest.
	released := false
	release := func() {
		if !released {
			released = true
			runaway.backend.(*sandbox).mem.WriteUint32Le(releaseWord, 1)
		}
	}
	defer release()
	if !errors.Is(err, ErrSandbox) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want an abandoned sandbox past its deadline", err)
	}
	if err := h.Close(ctx); !errors.Is(err, ErrRunaway) {
		t.Fatalf("Close while the runaway runs: %v, want ErrRunaway", err)
	}
	if s := m.Stats(); s.Abandoned != 1 || s.Instances != 1 {
		t.Fatalf("stats = %+v, want one abandoned instance still running", s)
	}
	// A garbage collection completes while the guest runs: its calls into the host make it preemptible.
	goruntime.GC()
	// The runaway holds the model's only slot: the next call waits, then times out.
	if _, err := m.Encode(ctx, nil, EncodeOptions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("while the runaway runs: err = %v, want a deadline", err)
	}
	// Once the guest finishes on its own, its instance is discarded and the slot serves a fresh instance.
	release()
	deadline := time.Now().Add(time.Minute)
	for m.Stats().Discarded == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	var fresh *instance
	if err := m.pool.with(ctx, func(in *instance) error { fresh = in; return nil }); err != nil {
		t.Fatalf("after the runaway finished: %v", err)
	}
	if s := m.Stats(); fresh == runaway || s.Discarded != 1 || s.Abandoned != 1 || s.Instances != 1 {
		t.Fatalf("stats = %+v, fresh instance %v: want the runaway discarded and replaced", s, fresh != runaway)
	}
}

func TestTrapDiscardsTheInstanceAndOtherModelsKeepServing(t *testing.T) {
	ctx := context.Background()
	h, err := newHost(ctx, Config{PoolSize: 1}, hostileGuest(false), wasm.ChatGuest)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	bad, err := h.Load(ctx, "trapping", Files{TokenizerJSON: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	other, err := h.Load(ctx, "other", Files{TokenizerJSON: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	<-bad.imageReady()
	<-other.imageReady()
	for i := 1; i <= 3; i++ {
		if _, err := bad.Decode(ctx, [][]uint32{{1}}, false); !errors.Is(err, ErrSandbox) {
			t.Fatalf("decode %d: err = %v, want ErrSandbox", i, err)
		}
		if got := bad.Stats().Discarded; got != int64(i) {
			t.Fatalf("discarded = %d after %d traps", got, i)
		}
	}
	if _, err := other.Encode(ctx, nil, EncodeOptions{}); err != nil {
		t.Fatalf("the other model: %v", err)
	}
}
