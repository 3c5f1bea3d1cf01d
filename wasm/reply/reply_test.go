package reply

import (
	"errors"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

func TestRecoverAnswersInternal(t *testing.T) {
	var b Buffer
	call := func() (status abi.Status, out []byte) {
		defer b.Recover(&status, &out)
		panic("boom")
	}
	status, out := call()
	if status != abi.StatusInternal || string(out) != "guest panic: boom" {
		t.Fatalf("got %v %q", status, out)
	}
}

func TestBeginReleasesAnOversizedBuffer(t *testing.T) {
	var b Buffer
	b.Keep(make([]byte, 10, maxKept+1))
	b.Begin()
	if cap(b.Empty()) != 0 {
		t.Fatalf("kept %d bytes", cap(b.Empty()))
	}
	b.Keep(make([]byte, 10, 64))
	b.Begin()
	if cap(b.Empty()) != 64 {
		t.Fatalf("dropped a small buffer: cap %d", cap(b.Empty()))
	}
	st, out := b.Fail(abi.StatusBadRequest, errors.New("no"))
	if st != abi.StatusBadRequest || string(out) != "no" || cap(out) != 64 {
		t.Fatalf("Fail: %v %q cap %d", st, out, cap(out))
	}
}
