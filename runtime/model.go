package runtime

import (
	"context"
	"fmt"

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
	pool   pool
}

// Load parses a model's files in a fresh sandbox and returns the model, ready to serve.
func (h *Host) Load(ctx context.Context, name string, files Files) (*Model, error) {
	m := &Model{host: h, name: name, source: files.loadRequest()}
	m.pool.init(h, name, h.cfg.poolSize(), m.newInstance)
	in, info, err := m.newInstance(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	m.info = info
	m.pool.adopt(in)
	m.pool.give(in)
	return m, nil
}

// Info describes the model.
func (m *Model) Info() ModelInfo { return m.info }

// Name is the name the model was loaded under.
func (m *Model) Name() string { return m.name }

// Stats is a snapshot of the model's sandboxes.
func (m *Model) Stats() PoolStats { return m.pool.snapshot() }

// Close releases the model's idle instances; busy ones are released when their call returns.
func (m *Model) Close(ctx context.Context) { m.pool.close(ctx) }

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
	return in, info, nil
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
	err := m.pool.with(ctx, func(in *instance) error {
		res, err := in.call(ctx, in.encode, req, opts.flags())
		if err != nil {
			return err
		}
		out, err = parseEncodings(res, opts)
		if err == nil && len(out) != len(texts) {
			err = fmt.Errorf("%d encodings for %d texts", len(out), len(texts))
		}
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
	err := m.pool.with(ctx, func(in *instance) error {
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
