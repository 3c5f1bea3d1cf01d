package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// instance is one sandbox: a guest module with its own memory. It serves one call at a time. After any
// failure it is marked broken and must be closed, never reused: a guest that trapped or panicked may look
// alive and fail later.
type instance struct {
	mod                           api.Module
	mem                           api.Memory
	reserve, load, encode, decode api.Function
	header                        uint32 // address of the abi header words
	maxInput                      uint64 // the memory limit: no larger request can fit
	stack                         []uint64
	broken                        bool // a call failed: the instance must not be reused
	abandoned                     bool // it ignored cancellation and the watchdog gave up on it
	idleSince                     time.Time

	memoryBytes int64           // linear memory size last added to the accounts
	accounts    []*atomic.Int64 // memory totals this instance counts in (its host's, its pool's)
}

func (in *instance) close(ctx context.Context) {
	in.mod.Close(ctx)
	in.account(-in.memoryBytes)
	in.memoryBytes = 0
}

// updateMemory brings the memory totals up to date with this instance's linear memory, which only grows.
func (in *instance) updateMemory() {
	size := int64(in.mem.Size())
	in.account(size - in.memoryBytes)
	in.memoryBytes = size
}

func (in *instance) account(delta int64) {
	for _, a := range in.accounts {
		a.Add(delta)
	}
}

// call runs fn with req in the input buffer and returns a view of the result in guest memory. The view is
// valid until the next call on this instance.
func (in *instance) call(ctx context.Context, fn api.Function, req []byte, flags uint32) ([]byte, error) {
	if err := in.writeInput(ctx, req); err != nil {
		return nil, err
	}
	// Cancellation is cooperative: the guest polls the cancel word. wazero's WithCloseOnContextDone would
	// interrupt anything, but slows every call several times over.
	stop := context.AfterFunc(ctx, func() { in.mem.WriteUint32Le(in.word(abi.HeaderCancel), 1) })
	in.stack[0], in.stack[1] = uint64(len(req)), uint64(flags)
	err := fn.CallWithStack(ctx, in.stack)
	stop()
	if err != nil {
		in.broken = true
		return nil, fmt.Errorf("%w: %v", ErrSandbox, err)
	}
	status := abi.Status(in.stack[0])
	out, err := in.output()
	if err != nil {
		return nil, err
	}
	switch status {
	case abi.StatusOK:
		return out, nil
	case abi.StatusCanceled:
		if ctx.Err() != nil {
			return nil, fmt.Errorf("sandbox call stopped: %w", context.Cause(ctx))
		}
	case abi.StatusInternal:
		in.broken = true
	}
	return nil, &GuestError{Status: status, Message: string(out)}
}

func (in *instance) writeInput(ctx context.Context, req []byte) error {
	if uint64(len(req)) > in.maxInput {
		return fmt.Errorf("%w: %d bytes do not fit in a sandbox of %d MiB", ErrTooLarge, len(req), in.maxInput>>20)
	}
	capacity, _ := in.mem.ReadUint32Le(in.word(abi.HeaderInCap))
	if uint32(len(req)) > capacity {
		in.stack[0] = uint64(len(req))
		if err := in.reserve.CallWithStack(ctx, in.stack); err != nil {
			in.broken = true
			return fmt.Errorf("%w: reserving %d bytes: %v", ErrSandbox, len(req), err)
		}
		if st := abi.Status(in.stack[0]); st != abi.StatusOK {
			in.broken = true
			return fmt.Errorf("%w: reserving %d bytes: %s", ErrSandbox, len(req), st)
		}
	}
	ptr, _ := in.mem.ReadUint32Le(in.word(abi.HeaderInPtr))
	if !in.mem.Write(ptr, req) {
		in.broken = true
		return fmt.Errorf("%w: input buffer out of range", ErrSandbox)
	}
	return nil
}

func (in *instance) output() ([]byte, error) {
	ptr, ok1 := in.mem.ReadUint32Le(in.word(abi.HeaderOutPtr))
	n, ok2 := in.mem.ReadUint32Le(in.word(abi.HeaderOutLen))
	out, ok3 := in.mem.Read(ptr, n)
	if !ok1 || !ok2 || !ok3 {
		in.broken = true
		return nil, fmt.Errorf("%w: result out of range", ErrSandbox)
	}
	return out, nil
}

func (in *instance) word(i int) uint32 { return in.header + 4*uint32(i) }

// loadModel hands the guest a model's files to parse and returns what it learnt of the model.
func (in *instance) loadModel(ctx context.Context, loadRequest []byte) (ModelInfo, error) {
	res, err := in.call(ctx, in.load, loadRequest, 0)
	var ge *GuestError
	if errors.As(err, &ge) && ge.Status == abi.StatusBadModel {
		return ModelInfo{}, fmt.Errorf("%w: %s", ErrBadModel, ge.Message)
	}
	if err != nil {
		return ModelInfo{}, err
	}
	r := abi.NewReader(res)
	info := r.ModelInfo()
	if err := r.Done(); err != nil {
		in.broken = true
		return ModelInfo{}, fmt.Errorf("%w: model info: %v", ErrSandbox, err)
	}
	return info, nil
}
