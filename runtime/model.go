package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// Files are the bytes of a model that a sandbox loads. Only TokenizerJSON is required.
type Files struct {
	TokenizerJSON     []byte
	TokenizerConfig   []byte // tokenizer_config.json
	Config            []byte // config.json
	ChatTemplateJinja []byte // chat_template.jinja
	ChatTemplateJSON  []byte // chat_template.json
}

// loadRequest lays the files out in abi.LoadFiles order, with first (tokenizer.json or a model image) in
// the first place.
func (f Files) loadRequest(first []byte) []byte {
	return abi.AppendTexts(nil, []string{string(first), string(f.TokenizerConfig), string(f.Config)})
}

// chatLoadRequest lays the files out in abi.ChatFiles order.
func (f Files) chatLoadRequest() []byte {
	return abi.AppendTexts(nil, []string{string(f.TokenizerConfig), string(f.ChatTemplateJinja), string(f.ChatTemplateJSON)})
}

// ModelInfo describes a loaded model, as its sandbox read it from the model's files.
type ModelInfo = abi.ModelInfo

// Model is one loaded tokenizer served by a pool of sandbox instances, and by a second pool for its chat
// template, started by the first chat request. It is safe for concurrent use.
type Model struct {
	host  *Host
	name  string
	files Files // the small files; TokenizerJSON is dropped once the image is known
	info  ModelInfo
	pool  pool // tokenizer guests
	chat  pool // chat guests

	mu    sync.Mutex
	image []byte        // the load request with the model's image, once known: new instances start from it
	known chan struct{} // closed once the image is known or failed: new instances wait for it, not parse the JSON
	ready chan struct{} // closed once the image is also cached and a lean instance warmed
}

// Load parses a model's files in a fresh sandbox and returns the model, ready to serve. A model seen before
// starts from its cached image; otherwise the image is made in the background after the first instance
// answers, and later instances start from it: faster, and leaner than one that parsed the JSON.
func (h *Host) Load(ctx context.Context, name string, files Files) (*Model, error) {
	m := &Model{host: h, name: name, files: files, known: make(chan struct{}), ready: make(chan struct{})}
	m.pool.init(h, name, h.cfg.poolSize(), m.newInstance)
	m.chat.init(h, name, h.cfg.poolSize(), m.newChatInstance)
	key := h.images.key(files.TokenizerJSON)
	if img := h.images.get(key); img != nil {
		m.image = files.loadRequest(img)
		in, info, err := m.startInstance(ctx)
		if err == nil {
			m.files.TokenizerJSON = nil
			close(m.known)
			close(m.ready)
			return m.start(in, info), nil
		}
		if !errors.Is(err, ErrBadModel) {
			return nil, fmt.Errorf("loading %s: %w", name, err)
		}
		h.images.remove(key) // made by another guest, or damaged: parse the JSON again
		m.image = nil
	}
	in, info, err := m.startInstance(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	m.start(in, info)
	if h.images == nil {
		close(m.known) // the in-process mode parses JSON natively, fast enough without images
		close(m.ready)
	} else {
		go m.makeImage(key)
	}
	return m, nil
}

func (m *Model) start(in *instance, info ModelInfo) *Model {
	m.info = info
	m.pool.adopt(in)
	m.pool.give(in)
	return m
}

// makeImage asks an instance for the model's image, caches it, retires the instance that parsed the JSON
// (its heap still holds what parsing left) and warms a lean one in its place.
func (m *Model) makeImage(key string) {
	defer close(m.ready)
	// Requests come first: the instance that parsed the JSON makes the image, and a request that waited
	// for the load would otherwise wait for the image too (about 100 ms for Qwen3). The image is made
	// once the first call has returned, or after the host's imageGrace without one (a model loaded ahead
	// of its requests).
	grace := time.NewTimer(m.host.imageGrace)
	select {
	case <-m.pool.served:
	case <-grace.C:
	}
	grace.Stop()
	ctx := context.Background()
	var img []byte
	err := m.pool.withIdle(ctx, func(in *instance) error {
		res, err := in.call(ctx, exportImage, nil, 0)
		if err != nil {
			return err
		}
		img = bytes.Clone(res)
		m.mu.Lock()
		m.image = m.files.loadRequest(img)
		m.files.TokenizerJSON = nil
		m.mu.Unlock()
		// A lean instance joins the pool before the parsing one leaves it: a loaded model never shows no
		// instance, and its next request does not wait for one to start.
		if lean, _, err := m.startEntered(ctx); err == nil {
			m.pool.adopt(lean)
			m.pool.give(lean)
		}
		in.retire = true
		return nil
	})
	close(m.known)
	if err != nil {
		return // the model keeps loading instances from its JSON
	}
	m.host.images.put(key, img)
}

// imageReady is closed once new instances start from the model's image (or never will).
func (m *Model) imageReady() <-chan struct{} { return m.ready }

// newInstance starts an instance for the pool: from the image, once it is known.
func (m *Model) newInstance(ctx context.Context) (*instance, ModelInfo, error) {
	select {
	case <-m.known:
		// An instance starts from the image in milliseconds; parsing tokenizer.json again while the image is
		// being made would take hundreds, competing with the image for the CPU.
	case <-ctx.Done():
		return nil, ModelInfo{}, context.Cause(ctx)
	}
	return m.startInstance(ctx)
}

// startInstance starts an instance from the image, or from the JSON while there is none.
func (m *Model) startInstance(ctx context.Context) (*instance, ModelInfo, error) {
	if err := m.host.enter(); err != nil {
		return nil, ModelInfo{}, err
	}
	defer m.host.leave()
	return m.startEntered(ctx)
}

// startEntered is startInstance for a caller that has entered the host already.
func (m *Model) startEntered(ctx context.Context) (*instance, ModelInfo, error) {
	m.mu.Lock()
	fn, req := exportLoadImage, m.image
	if req == nil {
		fn, req = exportLoad, m.files.loadRequest(m.files.TokenizerJSON)
	}
	m.mu.Unlock()
	in, err := m.host.newInstance(ctx, &m.host.tokenizer)
	if err != nil {
		return nil, ModelInfo{}, err
	}
	info, err := in.loadModel(ctx, fn, req)
	if err != nil {
		in.close(ctx)
		return nil, ModelInfo{}, err
	}
	return in, info, nil
}

// newChatInstance starts an instance for the chat pool, loaded with the model's chat files.
func (m *Model) newChatInstance(ctx context.Context) (*instance, ModelInfo, error) {
	if err := m.host.enter(); err != nil {
		return nil, ModelInfo{}, err
	}
	defer m.host.leave()
	in, err := m.host.newInstance(ctx, &m.host.chat)
	if err != nil {
		return nil, ModelInfo{}, err
	}
	if _, err := in.call(ctx, exportLoadChat, m.files.chatLoadRequest(), 0); err != nil {
		in.close(ctx)
		return nil, ModelInfo{}, err
	}
	return in, m.info, nil
}

// Info describes the model.
func (m *Model) Info() ModelInfo { return m.info }

// Name is the name the model was loaded under.
func (m *Model) Name() string { return m.name }

// Stats is a snapshot of the model's sandboxes, tokenizer and chat together.
func (m *Model) Stats() PoolStats { return m.pool.snapshot().add(m.chat.snapshot()) }

// memoryBytes is the linear memory of the model's sandboxes.
func (m *Model) memoryBytes() int64 { return m.pool.memoryBytes() + m.chat.memoryBytes() }

// releaseIdle closes instances idle since before cutoff (pool.releaseIdle).
func (m *Model) releaseIdle(cutoff time.Time) {
	m.pool.releaseIdle(cutoff)
	m.chat.releaseIdle(cutoff)
}

// Close releases the model's idle instances; busy ones are released when their call returns.
func (m *Model) Close(ctx context.Context) {
	m.pool.close(ctx)
	m.chat.close(ctx)
}

// EncodeOptions selects what Encode computes.
type EncodeOptions struct {
	AddSpecialTokens bool
	Offsets          bool // compute offsets
	CharOffsets      bool // offsets in Unicode code points instead of UTF-8 bytes
	Tokens           bool // return token strings
	Masks            bool // return type ids, special-tokens mask and attention mask
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
	if o.Masks {
		f |= abi.FlagMasks
	}
	return f
}

// Encoding is the result of encoding one text.
type Encoding struct {
	IDs     []uint32
	Offsets [][2]uint32 // [start, end), when asked for
	Tokens  []string    // when asked for

	TypeIDs, SpecialTokensMask, AttentionMask []uint32 // when asked for
}

// Encode tokenizes a batch of texts.
func (m *Model) Encode(ctx context.Context, texts []string, opts EncodeOptions) ([]Encoding, error) {
	return m.encode(ctx, texts, opts.flags(), opts, len(texts))
}

// EncodePairs tokenizes a batch of sentence pairs; offsets are relative to each sentence of a pair.
func (m *Model) EncodePairs(ctx context.Context, pairs [][2]string, opts EncodeOptions) ([]Encoding, error) {
	texts := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		texts = append(texts, p[0], p[1])
	}
	return m.encode(ctx, texts, opts.flags()|abi.FlagPairs, opts, len(pairs))
}

func (m *Model) encode(ctx context.Context, texts []string, flags uint32, opts EncodeOptions, want int) ([]Encoding, error) {
	for _, t := range texts {
		if len(t) > m.host.cfg.MaxTextBytes {
			return nil, fmt.Errorf("%s: encode: %w: a text of %d bytes, the limit is %d (SANDBOX_MAX_TEXT_BYTES)", m.name, ErrTooLarge, len(t), m.host.cfg.MaxTextBytes)
		}
	}
	req := abi.AppendTexts(nil, texts)
	var out []Encoding
	err := m.pool.with(ctx, func(in *instance) error {
		res, err := in.call(ctx, exportEncode, req, flags)
		if err != nil {
			return err
		}
		out, err = parseEncodings(res, opts)
		if err == nil && len(out) != want {
			err = fmt.Errorf("%d encodings for %d inputs", len(out), want)
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
	var arrays slabs
	for i := range out {
		out[i] = readEncoding(r, opts, &arrays)
	}
	return out, r.Done()
}

// readEncoding reads one EncodeResult entry, its ids and offsets carved from arrays.
func readEncoding(r *abi.Reader, opts EncodeOptions, arrays *slabs) Encoding {
	var e Encoding
	n := r.Count(4)
	if r.Err() != nil {
		return e
	}
	e.IDs = arrays.words(n)
	r.FillWords(e.IDs)
	if opts.Offsets {
		e.Offsets = arrays.pairs(n)
		r.FillPairs(e.Offsets)
	}
	if opts.Tokens {
		e.Tokens = make([]string, n)
		for j := range e.Tokens {
			e.Tokens[j] = string(r.Bytes())
		}
	}
	if opts.Masks {
		e.TypeIDs, e.SpecialTokensMask, e.AttentionMask = r.IDs(n), r.IDs(n), r.IDs(n)
	}
	return e
}

// slabs hand out the ids and offsets of a batch's encodings from a few large arrays instead of two
// allocations per text: the encodings of one call are read together and dropped together, and the
// allocations cost the sandbox benchmark a few percent on one core.
type slabs struct {
	freeWords []uint32
	freePairs [][2]uint32
}

// slabSize is the length of each array: an encoding kept alone keeps at most this much alive.
const slabSize = 4096

// words and pairs never return nil, even for n = 0: an empty encoding is [] in JSON, not null.
func (s *slabs) words(n int) []uint32 {
	if n > len(s.freeWords) || s.freeWords == nil {
		s.freeWords = make([]uint32, max(n, slabSize))
	}
	out := s.freeWords[:n:n]
	s.freeWords = s.freeWords[n:]
	return out
}

func (s *slabs) pairs(n int) [][2]uint32 {
	if n > len(s.freePairs) || s.freePairs == nil {
		s.freePairs = make([][2]uint32, max(n, slabSize))
	}
	out := s.freePairs[:n:n]
	s.freePairs = s.freePairs[n:]
	return out
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
		res, err := in.call(ctx, exportDecode, req, flags)
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
