package runtime

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// Files are the bytes of a model that a sandbox loads. Only TokenizerJSON is required.
type Files struct {
	TokenizerJSON   []byte
	TokenizerConfig []byte // tokenizer_config.json
	Config          []byte // config.json
}

func (f Files) loadRequest() []byte {
	return abi.AppendTexts(nil, []string{string(f.TokenizerJSON), string(f.TokenizerConfig), string(f.Config)})
}

// ModelInfo describes a loaded model, as its sandbox read it from the model's files.
type ModelInfo = abi.ModelInfo

// Model is one loaded tokenizer served by a pool of sandbox instances. It is safe for concurrent use.
type Model struct {
	host   *Host
	name   string
	source []byte // the load request every new instance starts from
	info   ModelInfo

	slots   chan struct{} // one token per instance allowed to run
	waiting atomic.Int64

	mu     sync.Mutex
	idle   []*instance
	closed bool

	stats modelStats
}

type modelStats struct {
	instances atomic.Int64 // live instances
	discarded atomic.Int64 // instances thrown away after a failure
}

// Load parses a model's files in a fresh sandbox and returns the model, ready to serve.
func (h *Host) Load(ctx context.Context, name string, files Files) (*Model, error) {
	m := &Model{
		host:   h,
		name:   name,
		source: files.loadRequest(),
		slots:  make(chan struct{}, h.cfg.poolSize()),
	}
	in, info, err := m.newInstance(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	m.info = info
	m.idle = append(m.idle, in)
	return m, nil
}

// Info describes the model.
func (m *Model) Info() ModelInfo { return m.info }

// Name is the name the model was loaded under.
func (m *Model) Name() string { return m.name }

// Instances is the number of live sandbox instances.
func (m *Model) Instances() int { return int(m.stats.instances.Load()) }

// Discarded is the number of instances thrown away after a failure.
func (m *Model) Discarded() int64 { return m.stats.discarded.Load() }

// Waiting is the number of requests queued for a busy instance.
func (m *Model) Waiting() int64 { return m.waiting.Load() }

func (m *Model) newInstance(ctx context.Context) (*instance, ModelInfo, error) {
	in, err := m.host.newInstance(ctx)
	if err != nil {
		return nil, ModelInfo{}, err
	}
	info, err := in.loadModel(ctx, m.source)
	if err != nil {
		in.close(ctx)
		return nil, ModelInfo{}, err
	}
	m.stats.instances.Add(1)
	return in, info, nil
}

// with runs f on an instance of the pool, creating one when none is idle and the pool is not full, and
// replacing the instance when f left it broken.
func (m *Model) with(ctx context.Context, f func(*instance) error) error {
	ctx, cancel := context.WithTimeout(ctx, m.host.cfg.CallTimeout)
	defer cancel()
	if err := m.acquire(ctx); err != nil {
		return err
	}
	defer func() { <-m.slots }()

	in, err := m.take(ctx)
	if err != nil {
		return err
	}
	err = f(in)
	m.give(in)
	return err
}

func (m *Model) acquire(ctx context.Context) error {
	select {
	case m.slots <- struct{}{}:
		return nil
	default:
	}
	if m.waiting.Add(1) > int64(m.host.cfg.QueueSize) {
		m.waiting.Add(-1)
		return fmt.Errorf("%s: %w: %d requests already waiting", m.name, ErrOverloaded, m.host.cfg.QueueSize)
	}
	defer m.waiting.Add(-1)
	select {
	case m.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: waiting for a sandbox: %w", m.name, context.Cause(ctx))
	}
}

func (m *Model) take(ctx context.Context) (*instance, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", m.name, ErrClosed)
	}
	if n := len(m.idle); n > 0 {
		in := m.idle[n-1]
		m.idle = m.idle[:n-1]
		m.mu.Unlock()
		return in, nil
	}
	m.mu.Unlock()
	in, _, err := m.newInstance(ctx)
	return in, err
}

func (m *Model) give(in *instance) {
	m.mu.Lock()
	if !in.broken && !m.closed {
		m.idle = append(m.idle, in)
		m.mu.Unlock()
		return
	}
	m.mu.Unlock()
	if in.broken {
		m.stats.discarded.Add(1)
	}
	m.stats.instances.Add(-1)
	in.close(context.Background())
}

// Close releases the model's idle instances; busy ones are released when their call returns.
func (m *Model) Close(ctx context.Context) {
	m.mu.Lock()
	idle := m.idle
	m.idle, m.closed = nil, true
	m.mu.Unlock()
	for _, in := range idle {
		m.stats.instances.Add(-1)
		in.close(ctx)
	}
}

// EncodeOptions selects what Encode computes.
type EncodeOptions struct {
	AddSpecialTokens bool
	Offsets          bool // compute offsets
	CharOffsets      bool // offsets in Unicode code points instead of UTF-8 bytes
	Tokens           bool // return token strings
}

func (o EncodeOptions) flags() uint32 {
	var f uint32
	if o.AddSpecialTokens {
		f |= abi.FlagAddSpecialTokens
	}
	if o.Offsets {
		f |= abi.FlagOffsets
	}
	if o.CharOffsets {
		f |= abi.FlagCharOffsets
	}
	if o.Tokens {
		f |= abi.FlagTokens
	}
	return f
}

// Encoding is the result of encoding one text.
type Encoding struct {
	IDs     []uint32
	Offsets [][2]uint32 // [start, end), when asked for
	Tokens  []string    // when asked for
}

// Encode tokenizes a batch of texts.
func (m *Model) Encode(ctx context.Context, texts []string, opts EncodeOptions) ([]Encoding, error) {
	req := abi.AppendTexts(nil, texts)
	var out []Encoding
	err := m.with(ctx, func(in *instance) error {
		res, err := in.call(ctx, in.encode, req, opts.flags())
		if err != nil {
			return err
		}
		out, err = parseEncodings(res, opts)
		if err != nil {
			in.broken = true
			return fmt.Errorf("%w: %v", ErrSandbox, err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: encode: %w", m.name, err)
	}
	return out, nil
}

func parseEncodings(res []byte, opts EncodeOptions) ([]Encoding, error) {
	r := abi.NewReader(res)
	out := make([]Encoding, r.Count(4))
	for i := range out {
		n := r.Count(4)
		out[i].IDs = r.IDs(n)
		if opts.Offsets {
			flat := r.IDs(2 * n)
			offsets := make([][2]uint32, n)
			for j := range offsets {
				offsets[j] = [2]uint32{flat[2*j], flat[2*j+1]}
			}
			out[i].Offsets = offsets
		}
		if opts.Tokens {
			tokens := make([]string, n)
			for j := range tokens {
				tokens[j] = string(r.Bytes())
			}
			out[i].Tokens = tokens
		}
	}
	return out, r.Done()
}

// Decode turns lists of ids back into text.
func (m *Model) Decode(ctx context.Context, ids [][]uint32, skipSpecialTokens bool) ([]string, error) {
	req := abi.AppendIDLists(nil, ids)
	var flags uint32
	if skipSpecialTokens {
		flags |= abi.FlagSkipSpecialTokens
	}
	var out []string
	err := m.with(ctx, func(in *instance) error {
		res, err := in.call(ctx, in.decode, req, flags)
		if err != nil {
			return err
		}
		r := abi.NewReader(res)
		out = r.Texts()
		if err := r.Done(); err != nil {
			in.broken = true
			return fmt.Errorf("%w: %v", ErrSandbox, err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: decode: %w", m.name, err)
	}
	return out, nil
}
