package runtime

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/tokenizerd/tokenizerd/wasm"
	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// wasmPageSize is the size of one WebAssembly memory page.
const wasmPageSize = 64 << 10

// imageGrace is how long a new model's image waits for the model's first call before it is made anyway:
// long enough for a request that waited for the load to reach the pool, short enough that a model loaded
// ahead of its requests soon trades its parsing instance for a lean one.
const imageGrace = 100 * time.Millisecond

// Host compiles the guests once and creates sandboxes from them. It is safe for concurrent use.
type Host struct {
	cfg        Config
	runtime    wazero.Runtime // nil in the in-process mode
	tokenizer  guestModule    // runs tokenizers: every model's first answer waits for it
	chat       guestModule    // renders chat templates; compiled after the tokenizer guest
	modCfg     wazero.ModuleConfig
	memory     atomic.Int64  // linear memory of all live instances, in bytes
	runaways   atomic.Int64  // abandoned calls still executing
	images     *imageCache   // nil in the in-process mode
	imageGrace time.Duration // how long a new model's image waits for its first call (Model.makeImage)

	// calls is held for reading while a sandbox is in use (a call and the reading of its result) and for
	// writing by Close, so that no guest memory is unmapped under a running call.
	calls  sync.RWMutex
	closed bool // under calls
}

// guestModule is one guest module, compiled in the background.
type guestModule struct {
	name     string
	exports  []export
	compiled wazero.CompiledModule // set before done is closed, unless err is
	err      error
	done     chan struct{} // closed once the guest is compiled, or failed to
}

// MemoryBytes is the linear memory of every live sandbox instance.
func (h *Host) MemoryBytes() int64 { return h.memory.Load() }

// overBudget tells whether the sandboxes together use more memory than the configured budget.
func (h *Host) overBudget() bool {
	return h.cfg.MemoryBudgetMiB > 0 && h.memory.Load() > int64(h.cfg.MemoryBudgetMiB)<<20
}

// NewHost starts compiling the embedded guests (see Ready), or, in the opt-in in-process mode, prepares to
// run the handlers natively.
func NewHost(ctx context.Context, cfg Config) (*Host, error) {
	if cfg.InProcess {
		return &Host{cfg: cfg.withDefaults()}, nil
	}
	return newHost(ctx, cfg, wasm.TokenizerGuest(), wasm.ChatGuest)
}

// newHost sets up the runtime and starts compiling the guests in the background: a restart with a warm
// compilation cache spends most of its first 0.1 s compiling the tokenizer guest, and the caller meanwhile
// reads its model files. The chat guest is decompressed and compiled only after the tokenizer guest, so that
// it never takes the CPU from a model's first answer. Everything that needs a guest waits for it; Ready
// reports how the compilations ended.
func newHost(ctx context.Context, cfg Config, tokenizerGuest []byte, chatGuest func() ([]byte, error)) (*Host, error) {
	cfg = cfg.withDefaults()
	rc := wazero.NewRuntimeConfig().WithMemoryLimitPages(cfg.MemoryLimitMiB * (1 << 20) / wasmPageSize)
	if cfg.CompilationCacheDir != "" {
		cache, err := wazero.NewCompilationCacheWithDir(cfg.CompilationCacheDir)
		if err != nil {
			return nil, fmt.Errorf("runtime: compilation cache %s: %w", cfg.CompilationCacheDir, err)
		}
		rc = rc.WithCompilationCache(cache)
	}
	r := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, r); err != nil {
		r.Close(ctx)
		return nil, fmt.Errorf("runtime: WASI: %w", err)
	}
	// The yield import does nothing: entering Go code is what makes the guest's goroutine preemptible.
	yield := api.GoFunc(func(context.Context, []uint64) {})
	if _, err := r.NewHostModuleBuilder(abi.ImportModule).NewFunctionBuilder().WithGoFunction(yield, nil, nil).Export(abi.ImportYield).Instantiate(ctx); err != nil {
		r.Close(ctx)
		return nil, fmt.Errorf("runtime: host module: %w", err)
	}
	// No files, no environment, no network, no wall clock. The guest needs a random source, and a real one,
	// since wazero's default is deterministic and would give every instance the same map seed. It also needs
	// the real monotonic clock: wazero's fake one moves 1 ms per reading, so the Go runtime in the guest saw
	// time race and ran its background work far too often: the Qwen3 bench corpus took 1.6-1.9x as long.
	modCfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").WithRandSource(rand.Reader).WithSysNanotime()
	h := &Host{
		cfg: cfg, runtime: r, modCfg: modCfg, imageGrace: imageGrace,
		tokenizer: guestModule{name: "tokenizer", exports: tokenizerExports, done: make(chan struct{})},
		chat:      guestModule{name: "chat", exports: chatExports, done: make(chan struct{})},
	}
	go func() {
		ctx := context.WithoutCancel(ctx)
		h.tokenizer.compile(ctx, r, tokenizerGuest)
		chat, err := chatGuest()
		if err != nil {
			h.chat.err = err
			close(h.chat.done)
			return
		}
		h.chat.compile(ctx, r, chat)
	}()
	h.images = newImageCache(cfg.ImageCacheDir, tokenizerGuest)
	return h, nil
}

// compile compiles the guest, or loads it from the compilation cache, and checks its exports.
func (g *guestModule) compile(ctx context.Context, r wazero.Runtime, guest []byte) {
	defer close(g.done)
	compiled, err := r.CompileModule(ctx, guest)
	if err != nil {
		g.err = fmt.Errorf("runtime: compiling the %s guest: %w", g.name, err)
		return
	}
	if err := g.checkExports(compiled); err != nil {
		g.err = err
		return
	}
	g.compiled = compiled
}

// ready waits until the guest is compiled and returns the compilation's error, if any.
func (g *guestModule) ready(ctx context.Context) error {
	select {
	case <-g.done:
		return g.err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// checkExports fails clearly when the guest lacks a function of the ABI, instead of at the first call.
func (g *guestModule) checkExports(m wazero.CompiledModule) error {
	exports := m.ExportedFunctions()
	names := []string{abi.ExportVersion, abi.ExportHeader, abi.ExportReserve, "_initialize"}
	for _, fn := range g.exports {
		names = append(names, exportNames[fn])
	}
	for _, name := range names {
		if _, ok := exports[name]; !ok {
			return fmt.Errorf("runtime: the %s guest does not export %q", g.name, name)
		}
	}
	return nil
}

// Ready waits until both guests are compiled and returns the first compilation error, if any. Every use of
// the host waits for the guest it needs as well; Ready lets a server report a broken guest at start instead
// of at the first request.
func (h *Host) Ready(ctx context.Context) error {
	if h.runtime == nil {
		return nil
	}
	if err := h.tokenizer.ready(ctx); err != nil {
		return err
	}
	return h.chat.ready(ctx)
}

// ErrRunaway reports that Close left the runtime open because abandoned guests are still executing in it.
var ErrRunaway = errors.New("runtime: abandoned sandboxes are still running")

// Close waits for the calls under way, then releases every sandbox and the compiled guest. While an
// abandoned guest still runs, or when ctx ends first, its memory and code must stay mapped, so Close then
// leaves everything to the process's exit.
func (h *Host) Close(ctx context.Context) error {
	if h.runtime == nil {
		return nil
	}
	if n := h.runaways.Load(); n > 0 {
		return fmt.Errorf("%w: %d", ErrRunaway, n)
	}
	<-h.tokenizer.done // the runtime must outlive a compilation under way
	<-h.chat.done
	locked := make(chan struct{})
	go func() {
		h.calls.Lock()
		close(locked)
	}()
	select {
	case <-locked:
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrRunaway, context.Cause(ctx))
	}
	defer h.calls.Unlock()
	if n := h.runaways.Load(); n > 0 {
		return fmt.Errorf("%w: %d", ErrRunaway, n)
	}
	h.closed = true
	return h.runtime.Close(ctx)
}

// enter admits the use of a sandbox; leave must follow.
func (h *Host) enter() error {
	h.calls.RLock()
	if h.closed {
		h.calls.RUnlock()
		return ErrClosed
	}
	return nil
}

func (h *Host) leave() { h.calls.RUnlock() }

// newInstance starts a fresh sandbox of guest g and checks its ABI version.
func (h *Host) newInstance(ctx context.Context, g *guestModule) (*instance, error) {
	if h.runtime == nil {
		return &instance{backend: newInProcess()}, nil
	}
	if err := g.ready(ctx); err != nil {
		return nil, err
	}
	mod, err := h.runtime.InstantiateModule(withGuestMemory(ctx), g.compiled, h.modCfg)
	if err != nil {
		return nil, fmt.Errorf("%w: starting an instance: %v", ErrSandbox, err)
	}
	sb := &sandbox{
		mod:      mod,
		mem:      mod.Memory(),
		reserve:  mod.ExportedFunction(abi.ExportReserve),
		stack:    make([]uint64, 2),
		maxInput: uint64(h.cfg.MemoryLimitMiB) << 20,
	}
	for _, fn := range g.exports {
		sb.fns[fn] = mod.ExportedFunction(exportNames[fn])
	}
	version, err := callScalar(ctx, mod.ExportedFunction(abi.ExportVersion))
	if err == nil && uint32(version) != abi.Version {
		err = fmt.Errorf("runtime: guest ABI version %d, host expects %d", uint32(version), abi.Version)
	}
	if err == nil {
		var header uint64
		header, err = callScalar(ctx, mod.ExportedFunction(abi.ExportHeader))
		sb.header = uint32(header)
	}
	if err != nil {
		mod.Close(ctx)
		return nil, err
	}
	in := &instance{backend: sb, accounts: []*atomic.Int64{&h.memory}}
	in.updateMemory()
	return in, nil
}

func callScalar(ctx context.Context, fn api.Function) (uint64, error) {
	res, err := fn.Call(ctx)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrSandbox, err)
	}
	if len(res) != 1 {
		return 0, errors.New("runtime: guest export returned no value")
	}
	return res[0], nil
}
