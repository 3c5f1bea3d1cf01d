package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// export names one call of the abi.
type export int

const (
	exportLoad export = iota
	exportEncode
	exportDecode
	exportImage
	exportLoadImage
	exportLoadChat
	exportRender
	exportCount
)

// The exports of each guest.
var (
	tokenizerExports = []export{exportLoad, exportLoadImage, exportImage, exportEncode, exportDecode}
	chatExports      = []export{exportLoadChat, exportRender}
)

// backend runs the abi's calls for one instance: a wazero sandbox or, in the opt-in in-process mode, the
// request handler itself.
type backend interface {
	// invoke runs one call. The result aliases the backend's memory until the next call. An error means
	// the instance itself failed (a trap).
	invoke(ctx context.Context, fn export, req []byte, flags uint32) (abi.Status, []byte, error)
	// cancel asks a running call to stop; it is safe to call from any goroutine.
	cancel()
	// memorySize is the instance's linear memory in bytes (0 where it is not separate).
	memorySize() int64
	close(ctx context.Context)
}

// instance serves one call at a time. After any failure it is marked broken and must be closed, never
// reused: a guest that trapped or panicked may look alive and fail later.
type instance struct {
	backend   backend
	broken    bool // a call failed: the instance must not be reused
	abandoned bool // it ignored cancellation and the watchdog gave up on it
	retire    bool // replace it after its call: a leaner instance can now be built from the model's image
	idleSince time.Time

	memoryBytes int64           // memory size last added to the accounts
	accounts    []*atomic.Int64 // memory totals this instance counts in (its host's, its pool's)
}

func (in *instance) close(ctx context.Context) {
	in.backend.close(ctx)
	in.account(-in.memoryBytes)
	in.memoryBytes = 0
}

// updateMemory brings the memory totals up to date with this instance's memory, which only grows.
func (in *instance) updateMemory() {
	size := in.backend.memorySize()
	in.account(size - in.memoryBytes)
	in.memoryBytes = size
}

func (in *instance) account(delta int64) {
	for _, a := range in.accounts {
		a.Add(delta)
	}
}

// call runs one call and returns its result, valid until the next call on this instance.
func (in *instance) call(ctx context.Context, fn export, req []byte, flags uint32) ([]byte, error) {
	// Cancellation is cooperative: the guest polls a cancel word. wazero's WithCloseOnContextDone would
	// interrupt anything, but slows every call several times over.
	stop := context.AfterFunc(ctx, in.backend.cancel)
	status, out, err := in.backend.invoke(ctx, fn, req, flags)
	stop()
	if err != nil {
		in.broken = true
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

// loadModel hands the instance a model's files (fn exportLoad) or its image (exportLoadImage) and returns
// what it learnt of the model.
func (in *instance) loadModel(ctx context.Context, fn export, loadRequest []byte) (ModelInfo, error) {
	res, err := in.call(ctx, fn, loadRequest, 0)
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
