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
		sharedHost, sharedHostErr = NewHost(context.Background(), Config{PoolSize: 2})
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

func TestEncodeMatchesGoldenThroughTheSandbox(t *testing.T) {
	for _, name := range []string{"openai-community/gpt2", "Qwen/Qwen3"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			m, err := testHost(t).Load(ctx, name, referenceFiles(t, name))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close(ctx)
			records := reference.Golden(t, name)
			for _, addSpecial := range []bool{true, false} {
				var texts []string
				var want []reference.Record
				for _, r := range records {
					if r.AddSpecialTokens == addSpecial {
						texts, want = append(texts, r.Text), append(want, r)
					}
				}
				opts := EncodeOptions{AddSpecialTokens: addSpecial, Offsets: true, CharOffsets: true, Tokens: true}
				got, err := m.Encode(ctx, texts, opts)
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range want {
					if d := diffEncoding(got[i], r); d != "" {
						t.Errorf("record %d (add_special_tokens=%v): %s", r.ID, addSpecial, d)
					}
				}
			}
		})
	}
}

func diffEncoding(got Encoding, want reference.Record) string {
	if len(got.IDs) != len(want.IDs) {
		return fmt.Sprintf("got %d tokens %q, want %d %q", len(got.IDs), got.Tokens, len(want.IDs), want.Tokens)
	}
	for j := range want.IDs {
		if got.IDs[j] != want.IDs[j] || got.Tokens[j] != want.Tokens[j] {
			return fmt.Sprintf("token %d: got %d %q, want %d %q", j, got.IDs[j], got.Tokens[j], want.IDs[j], want.Tokens[j])
		}
		if int(got.Offsets[j][0]) != want.Offsets[j][0] || int(got.Offsets[j][1]) != want.Offsets[j][1] {
			return fmt.Sprintf("offset %d: got %v, want %v", j, got.Offsets[j], want.Offsets[j])
		}
	}
	return ""
}

func TestDecodeMatchesGolden(t *testing.T) {
	ctx := context.Background()
	const name = "openai-community/gpt2"
	m, err := testHost(t).Load(ctx, name, referenceFiles(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	records := reference.Golden(t, name)[:200]
	ids := make([][]uint32, len(records))
	for i, r := range records {
		ids[i] = r.IDs
	}
	for _, skip := range []bool{false, true} {
		got, err := m.Decode(ctx, ids, skip)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range records {
			want := r.Decoded
			if skip {
				want = r.DecodedSkip
			}
			if got[i] != want {
				t.Errorf("record %d skip=%v: got %q, want %q", r.ID, skip, got[i], want)
			}
		}
	}
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
	_, err := newHost(context.Background(), Config{}, emptyModule)
	if err == nil || !strings.Contains(err.Error(), `does not export "tkz_abi_version"`) {
		t.Fatalf("err = %v, want a missing-export error", err)
	}
}
