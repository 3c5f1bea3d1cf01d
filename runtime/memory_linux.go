//go:build linux

package runtime

import (
	"context"
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// withGuestMemory makes the instance's linear memory an anonymous mapping of its full limit, reserved but not
// committed: growing it never copies (the Go allocator would copy the whole memory on every growth while a
// large tokenizer.json loads), and guest memory stays off the Go heap and out of the garbage collector's work.
// The mapping asks for transparent huge pages: a fresh instance touches tens of MiB at once (the Go runtime's
// heap, a model image), and taking them in 2 MiB pages instead of 4 KiB ones cut a Qwen3 instance's start from
// its image from 26 to 20 ms (BenchmarkStartFromImage). The guest's heap is dense, so little is wasted.
func withGuestMemory(ctx context.Context) context.Context {
	return experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(allocateMapped))
}

func allocateMapped(capacity, max uint64) experimental.LinearMemory {
	buf, err := syscall.Mmap(-1, 0, int(max), syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS|syscall.MAP_NORESERVE)
	if err != nil {
		return &heapMemory{} // no address space left: fall back to the Go heap
	}
	_ = syscall.Madvise(buf, syscall.MADV_HUGEPAGE) // a hint: kernels without THP ignore it
	return &mappedMemory{buf: buf}
}

type mappedMemory struct{ buf []byte }

func (m *mappedMemory) Reallocate(size uint64) []byte {
	if size > uint64(len(m.buf)) {
		return nil
	}
	return m.buf[:size]
}

func (m *mappedMemory) Free() {
	if m.buf != nil {
		syscall.Munmap(m.buf)
		m.buf = nil
	}
}

// heapMemory is a linear memory on the Go heap, growing by copying, as wazero's default.
type heapMemory struct{ buf []byte }

func (m *heapMemory) Reallocate(size uint64) []byte {
	if size > uint64(cap(m.buf)) {
		grown := make([]byte, size, size+size/2)
		copy(grown, m.buf)
		m.buf = grown
	}
	m.buf = m.buf[:size]
	return m.buf
}

func (m *heapMemory) Free() { m.buf = nil }
