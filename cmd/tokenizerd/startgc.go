package main

import (
	"context"
	"runtime/debug"
	"time"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// A start allocates large buffers that all stay live: the default model's files and image, the tokenizer
// guest's decoded module and machine code. Collecting meanwhile frees little but competes with the guest's
// compilation, the start's critical path: with the collector at its defaults a warm restart answered its first
// request about 12 ms later. So the collector waits until the default model is loaded, for at most
// startGCHold, and under startHeapLimit (or the process's own, lower, GOMEMLIMIT).
const (
	startGCHold    = time.Second // a warm restart answers within ~0.1 s; a cold one collects after this
	startHeapLimit = 256 << 20
)

// holdGCUntilLoaded turns the collector off, and back on once the registry has loaded model (or failed to),
// or after startGCHold; the channel is closed then. Without a default model there is nothing to wait for.
func holdGCUntilLoaded(ctx context.Context, registry *runtime.Registry, model string) <-chan struct{} {
	done := make(chan struct{})
	if model == "" {
		close(done)
		return done
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(min(debug.SetMemoryLimit(-1), startHeapLimit))
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(ctx, startGCHold)
		defer cancel()
		// The server's warm-up asks for it too: both wait for the same load.
		_, _ = registry.Get(ctx, model)
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}()
	return done
}
