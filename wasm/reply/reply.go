// Package reply keeps a guest handler's output buffer between calls and turns failures and panics into abi
// statuses, the same way for every handler.
package reply

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// maxKept bounds the buffer kept between calls, so that one huge answer does not pin memory forever.
const maxKept = 4 << 20

// Buffer is a handler's output. A result aliases it and stays valid until the next call.
type Buffer struct{ buf []byte }

// Begin starts a call: it releases an oversized buffer left by the previous call, whose result has been read.
func (b *Buffer) Begin() {
	if cap(b.buf) > maxKept {
		b.buf = nil
	}
}

// Empty is the buffer, emptied, to append a result to.
func (b *Buffer) Empty() []byte { return b.buf[:0] }

// Keep remembers out as the buffer of the next call and returns it.
func (b *Buffer) Keep(out []byte) []byte {
	b.buf = out
	return out
}

// Fail answers st with err's message.
func (b *Buffer) Fail(st abi.Status, err error) (abi.Status, []byte) {
	return st, b.Keep(append(b.buf[:0], err.Error()...))
}

// Recover turns a panic into StatusInternal with the panic's message, so the host gets an error code instead
// of a trap; defer it in every export. The host discards an instance after StatusInternal: its state can no
// longer be trusted.
func (b *Buffer) Recover(status *abi.Status, out *[]byte) {
	if v := recover(); v != nil {
		*status, *out = b.Fail(abi.StatusInternal, fmt.Errorf("guest panic: %v", v))
	}
}
