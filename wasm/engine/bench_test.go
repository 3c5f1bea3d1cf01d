package engine_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// benchLines reads corpus/bench_mixed.txt split on "\n", without the trailing empty line.
func benchLines(tb testing.TB) []string {
	tb.Helper()
	data, err := os.ReadFile(reference.Path(tb, "corpus", "bench_mixed.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// TestBenchSummary checks the sha256 of all ids over the bench corpus against golden/bench_summary.json.
func TestBenchSummary(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes 3.8 MB per tokenizer")
	}
	summaries := reference.BenchSummaries(t)
	lines := benchLines(t)
	for _, model := range reference.Tokenizers(t) {
		want, ok := summaries[model]
		if !ok {
			continue
		}
		t.Run(model, func(t *testing.T) {
			tk := loadReference(t, model)
			h := sha256.New()
			var buf []byte
			tokens := 0
			for i, line := range lines {
				e, err := tk.Encode(line, engine.Options{})
				if err != nil {
					t.Fatalf("line %d: %v", i+1, err)
				}
				buf = buf[:0]
				if i > 0 {
					buf = append(buf, '\n')
				}
				for j, id := range e.IDs {
					if j > 0 {
						buf = append(buf, ',')
					}
					buf = strconv.AppendUint(buf, uint64(id), 10)
				}
				h.Write(buf)
				tokens += len(e.IDs)
			}
			if len(lines) != want.Lines || tokens != want.Tokens {
				t.Errorf("lines %d tokens %d, want %d and %d", len(lines), tokens, want.Lines, want.Tokens)
			}
			if got := hex.EncodeToString(h.Sum(nil)); got != want.IDsSHA256 {
				t.Errorf("ids sha256 %s, want %s", got, want.IDsSHA256)
			}
		})
	}
}

// batchLines is how many lines the sandbox benchmark of package runtime sends per call.
const batchLines = 256

// BenchmarkEncode encodes the bench corpus line by line, offsets included (converted to code points, as
// the sandbox benchmark asks), and reports MB/s. It reuses one Encoding through EncodeInto, as a guest
// serving one call after the other does.
func BenchmarkEncode(b *testing.B) {
	lines := benchLines(b)
	size := 0
	for _, l := range lines {
		size += len(l) + 1
	}
	for _, model := range []string{"openai-community/gpt2", "Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct", "google-bert/bert-base-uncased", "openai/clip-vit-base-patch32",
		"mistralai/Mistral-7B-v0.1", "google/gemma-3", "google-t5/t5-small", "onnxruntime-extensions-testdata/marian-nmt"} {
		b.Run(model, func(b *testing.B) {
			tk, err := engine.Load(reference.TokenizerJSON(b, model))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			var e engine.Encoding
			var chars []engine.Offset
			for b.Loop() {
				for i, line := range lines {
					if err := tk.EncodeInto(&e, line, engine.Options{}); err != nil {
						b.Fatal(err)
					}
					chars = engine.AppendCharOffsets(chars[:0], line, e.Offsets)
					if i%batchLines == 0 {
						// Inside wasm a GC cycle ends only when the goroutine yields, as the guest
						// does once per call of a batch.
						goruntime.Gosched()
					}
				}
			}
		})
	}
}
