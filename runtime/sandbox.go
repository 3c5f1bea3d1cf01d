package runtime

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero/api"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// exportNames are the guests' functions for each export.
var exportNames = [exportCount]string{
	exportLoad:      abi.ExportLoad,
	exportEncode:    abi.ExportEncode,
	exportDecode:    abi.ExportDecode,
	exportImage:     abi.ExportImage,
	exportLoadImage: abi.ExportLoadImage,
	exportLoadChat:  abi.ExportLoadChat,
	exportRender:    abi.ExportRender,
}

// sandbox is a backend running a guest module in its own wazero instance and linear memory.
type sandbox struct {
	mod      api.Module
	mem      api.Memory
	reserve  api.Function
	fns      [exportCount]api.Function
	header   uint32 // address of the abi header words
	maxInput uint64 // the memory limit: no larger request can fit
	stack    []uint64

	// mu orders cancel, which may come from another goroutine at any time, before close: the memory is
	// unmapped on close, and a late write would fault.
	mu     sync.Mutex
	closed bool
}

func (s *sandbox) invoke(ctx context.Context, fn export, req []byte, flags uint32) (abi.Status, []byte, error) {
	if err := s.writeInput(ctx, req); err != nil {
		return 0, nil, err
	}
	s.stack[0], s.stack[1] = uint64(len(req)), uint64(flags)
	if err := s.fns[fn].CallWithStack(ctx, s.stack); err != nil {
		return 0, nil, fmt.Errorf("%w: %v", ErrSandbox, err)
	}
	status := abi.Status(s.stack[0])
	ptr, ok1 := s.mem.ReadUint32Le(s.word(abi.HeaderOutPtr))
	n, ok2 := s.mem.ReadUint32Le(s.word(abi.HeaderOutLen))
	out, ok3 := s.mem.Read(ptr, n)
	if !ok1 || !ok2 || !ok3 {
		return 0, nil, fmt.Errorf("%w: result out of range", ErrSandbox)
	}
	return status, out, nil
}

func (s *sandbox) writeInput(ctx context.Context, req []byte) error {
	if uint64(len(req)) > s.maxInput {
		return fmt.Errorf("%w: %d bytes do not fit in a sandbox of %d MiB", ErrTooLarge, len(req), s.maxInput>>20)
	}
	capacity, _ := s.mem.ReadUint32Le(s.word(abi.HeaderInCap))
	if uint32(len(req)) > capacity {
		s.stack[0] = uint64(len(req))
		if err := s.reserve.CallWithStack(ctx, s.stack); err != nil {
			return fmt.Errorf("%w: reserving %d bytes: %v", ErrSandbox, len(req), err)
		}
		if st := abi.Status(s.stack[0]); st != abi.StatusOK {
			return fmt.Errorf("%w: reserving %d bytes: %s", ErrSandbox, len(req), st)
		}
	}
	ptr, _ := s.mem.ReadUint32Le(s.word(abi.HeaderInPtr))
	if !s.mem.Write(ptr, req) {
		return fmt.Errorf("%w: input buffer out of range", ErrSandbox)
	}
	return nil
}

func (s *sandbox) cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.mem.WriteUint32Le(s.word(abi.HeaderCancel), 1)
	}
}

func (s *sandbox) memorySize() int64 { return int64(s.mem.Size()) }

func (s *sandbox) close(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.mod.Close(ctx)
}

func (s *sandbox) word(i int) uint32 { return s.header + 4*uint32(i) }
