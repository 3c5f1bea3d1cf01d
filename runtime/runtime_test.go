package runtime

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm"
)

var (
	sharedHostOnce sync.Once
	sharedHost     *Host
	sharedHostErr  error
)

// testHost compiles the guest once for the whole package.
func testHost(t testing.TB) *Host {
	t.Helper()
	sharedHostOnce.Do(func() {
		sharedHost, sharedHostErr = NewHost(context.Background(), Config{PoolSize: 2, MemoryLimitMiB: 1024})
	})
	if sharedHostErr != nil {
		t.Fatal(sharedHostErr)
	}
	return sharedHost
}

func referenceFiles(t testing.TB, model string) Files {
	t.Helper()
	f := Files{TokenizerJSON: reference.TokenizerJSON(t, model)}
	if cfg, err := os.ReadFile(filepath.Join(reference.ModelDir(t, model), "tokenizer_config.json")); err == nil {
		f.TokenizerConfig = cfg
	}
	return f
}

// TestGoldenThroughTheSandbox checks every golden record of every reference tokenizer through the sandbox:
// ids, tokens, code-point offsets, masks and type ids, for single texts and pairs, and both decodes.
func TestGoldenThroughTheSandbox(t *testing.T) {
	for _, name := range reference.Tokenizers(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			m, err := testHost(t).Load(ctx, name, referenceFiles(t, name))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close(ctx)
			opts := EncodeOptions{Offsets: true, CharOffsets: true, Tokens: true, Masks: true}
			for _, addSpecial := range []bool{true, false} {
				opts.AddSpecialTokens = addSpecial
				var texts []string
				var pairs [][2]string
				var want, wantPairs []reference.Record
				for _, r := range reference.Golden(t, name) {
					if r.AddSpecialTokens == addSpecial {
						texts, want = append(texts, r.Text), append(want, r)
					}
				}
				for _, r := range reference.GoldenPairs(t, name) {
					if r.AddSpecialTokens == addSpecial {
						pairs, wantPairs = append(pairs, [2]string{r.Text, *r.Pair}), append(wantPairs, r)
					}
				}
				got, err := m.Encode(ctx, texts, opts)
				if err != nil {
					t.Fatal(err)
				}
				gotPairs, err := m.EncodePairs(ctx, pairs, opts)
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range append(want, wantPairs...) {
					e := append(got, gotPairs...)[i]
					if d := diffEncoding(e, r); d != "" {
						t.Fatalf("record %d %q (pair %v, add_special_tokens=%v): %s", r.ID, r.Text, r.Pair != nil, addSpecial, d)
					}
				}
				checkDecodes(t, m, want)
			}
		})
	}
}

func checkDecodes(t *testing.T, m *Model, records []reference.Record) {
	t.Helper()
	ids := make([][]uint32, len(records))
	for i, r := range records {
		ids[i] = r.IDs
	}
	for _, skip := range []bool{false, true} {
		got, err := m.Decode(context.Background(), ids, skip)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range records {
			want := r.Decoded
			if skip {
				want = r.DecodedSkip
			}
			if got[i] != want {
				t.Fatalf("decode of record %d (skip_special_tokens=%v): got %q, want %q", r.ID, skip, got[i], want)
			}
		}
	}
}

func diffEncoding(got Encoding, want reference.Record) string {
	if fmt.Sprint(got.IDs) != fmt.Sprint(want.IDs) {
		return fmt.Sprintf("ids: got %v, want %v", got.IDs, want.IDs)
	}
	if fmt.Sprintf("%q", got.Tokens) != fmt.Sprintf("%q", want.Tokens) {
		return fmt.Sprintf("tokens: got %q, want %q", got.Tokens, want.Tokens)
	}
	for j, o := range want.Offsets {
		if int(got.Offsets[j][0]) != o[0] || int(got.Offsets[j][1]) != o[1] {
			return fmt.Sprintf("offset %d: got %v, want %v", j, got.Offsets[j], o)
		}
	}
	if fmt.Sprint(got.SpecialTokensMask) != fmt.Sprint(want.SpecialTokensMask) {
		return fmt.Sprintf("special_tokens_mask: got %v, want %v", got.SpecialTokensMask, want.SpecialTokensMask)
	}
	if fmt.Sprint(got.AttentionMask) != fmt.Sprint(want.AttentionMask) {
		return fmt.Sprintf("attention_mask: got %v, want %v", got.AttentionMask, want.AttentionMask)
	}
	if want.TypeIDs != nil && fmt.Sprint(got.TypeIDs) != fmt.Sprint(want.TypeIDs) {
		return fmt.Sprintf("type_ids: got %v, want %v", got.TypeIDs, want.TypeIDs)
	}
	return ""
}

func TestModelInfoFromConfigFiles(t *testing.T) {
	ctx := context.Background()
	files := referenceFiles(t, "Qwen/Qwen3")
	files.Config = []byte(`{"max_position_embeddings": 40960, "model_type": "qwen3"}`)
	m, err := testHost(t).Load(ctx, "Qwen/Qwen3", files)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	want := ModelInfo{MaxModelLen: 40960, VocabSize: 151669, BOSToken: "", EOSToken: "<|im_end|>"}
	if got := m.Info(); got != want {
		t.Fatalf("info = %+v, want %+v", got, want)
	}
}

func TestBadTokenizerIsAnErrorAndOthersKeepServing(t *testing.T) {
	ctx := context.Background()
	h := testHost(t)
	good, err := h.Load(ctx, "gpt2", referenceFiles(t, "openai-community/gpt2"))
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close(ctx)
	for _, doc := range []string{`{`, `{"model": {"type": "NoSuchModel"}}`, `[]`, ``} {
		if _, err := h.Load(ctx, "bad", Files{TokenizerJSON: []byte(doc)}); !errors.Is(err, ErrBadModel) {
			t.Errorf("Load(%q) = %v, want ErrBadModel", doc, err)
		}
	}
	got, err := good.Encode(ctx, []string{"Hello world"}, EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []uint32{15496, 995}; fmt.Sprint(got[0].IDs) != fmt.Sprint(want) {
		t.Fatalf("ids = %v, want %v", got[0].IDs, want)
	}
}

func TestInvalidUTF8IsRefused(t *testing.T) {
	ctx := context.Background()
	m, err := testHost(t).Load(ctx, "gpt2", referenceFiles(t, "openai-community/gpt2"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	if _, err := m.Encode(ctx, []string{"ok", "bad \xff byte"}, EncodeOptions{}); !errors.Is(err, ErrBadInput) {
		t.Fatalf("err = %v, want ErrBadInput", err)
	}
	if _, err := m.Decode(ctx, [][]uint32{{1 << 30}}, false); !errors.Is(err, ErrBadInput) {
		t.Fatalf("decode of an unknown id: err = %v, want ErrBadInput", err)
	}
	if m.Stats().Discarded != 0 {
		t.Fatalf("a refused request discarded %d instances", m.Stats().Discarded)
	}
}

func TestOutOfMemoryDiscardsOnlyThatSandbox(t *testing.T) {
	ctx := context.Background()
	small, err := NewHost(ctx, Config{MemoryLimitMiB: 24, PoolSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close(ctx)
	// Parsing Qwen3's 11 MB tokenizer.json needs far more than 24 MiB: the guest dies, the host does not.
	if _, err := small.Load(ctx, "Qwen/Qwen3", referenceFiles(t, "Qwen/Qwen3")); !errors.Is(err, ErrSandbox) {
		t.Fatalf("err = %v, want ErrSandbox", err)
	}
	m, err := small.Load(ctx, "tiny", Files{TokenizerJSON: []byte(tinyTokenizer)})
	if err != nil {
		t.Fatalf("a fresh sandbox after the failure: %v", err)
	}
	defer m.Close(ctx)
	got, err := m.Encode(ctx, []string{"ab"}, EncodeOptions{})
	if err != nil || fmt.Sprint(got[0].IDs) != "[2]" {
		t.Fatalf("got %v, %v; want [2]", got, err)
	}
}

// tinyTokenizer is a complete BPE tokenizer small enough to load under any limit.
const tinyTokenizer = `{"version":"1.0","added_tokens":[],"normalizer":null,"pre_tokenizer":null,
"post_processor":null,"decoder":null,"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}}`

func TestGuestWithoutTheABIIsRefused(t *testing.T) {
	emptyModule := []byte("\x00asm\x01\x00\x00\x00")
	h, err := newHost(context.Background(), Config{}, emptyModule, wasm.ChatGuest)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(context.Background())
	err = h.Ready(context.Background())
	if err == nil || !strings.Contains(err.Error(), `does not export "tkz_abi_version"`) {
		t.Fatalf("err = %v, want a missing-export error", err)
	}
}

// TestMemoryStaysFlatAcrossCalls guards the guest's garbage collection: a guest that never yields starves
// the collector's mark workers and its heap grows with every call (it reached 211 MiB after 200k calls).
func TestMemoryStaysFlatAcrossCalls(t *testing.T) {
	ctx := context.Background()
	m, err := testHost(t).Load(ctx, "tiny", Files{TokenizerJSON: []byte(tinyTokenizer)})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	text := []string{strings.Repeat("ab ", 14)}
	opts := EncodeOptions{Offsets: true, CharOffsets: true, Tokens: true}
	run := func(calls int) int64 {
		for range calls {
			if _, err := m.Encode(ctx, text, opts); err != nil {
				t.Fatal(err)
			}
		}
		return m.Stats().Memory
	}
	warm := run(20000)
	if after := run(100000); after > warm+8<<20 {
		t.Fatalf("linear memory grew from %d to %d MiB over 100k calls", warm>>20, after>>20)
	}
}
