package runtime

import (
	"context"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// BenchmarkInstanceMemory reports the linear memory of one instance per model, loaded from its image
// (image-MiB), then after encoding a 2 KB and a 300 KB prompt (2KB-MiB, 300KB-MiB): the figures of the
// memory table in docs/operations.md. The time per op is meaningless.
func BenchmarkInstanceMemory(b *testing.B) {
	corpus, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	prompts := []struct {
		metric string
		text   string
	}{{"2KB-MiB", string(corpus[:2<<10])}, {"300KB-MiB", string(corpus[:300<<10])}}
	for _, name := range []string{"openai-community/gpt2", "deepseek-ai/DeepSeek-V3", "meta-llama/Meta-Llama-3-8B-Instruct",
		"Qwen/Qwen3", "google/gemma-3", "google-bert/bert-base-uncased", "mistralai/Mistral-7B-v0.1"} {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			h, err := NewHost(ctx, Config{PoolSize: 1, ImageCacheDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close(ctx)
			for b.Loop() {
				m, err := h.Load(ctx, name, referenceFiles(b, name))
				if err != nil {
					b.Fatal(err)
				}
				<-m.imageReady() // the parsing instance is replaced by one built from the image
				b.ReportMetric(mib(m.Stats().Memory), "image-MiB")
				for _, p := range prompts {
					// The prompts are cut at a byte count and may end inside a character: the text as a
					// client would send it ends on a whole one.
					if _, err := m.Encode(ctx, []string{validPrefix(p.text)}, EncodeOptions{Offsets: true, CharOffsets: true}); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(mib(m.Stats().Memory), p.metric)
				}
				m.Close(ctx)
			}
		})
	}
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }

// validPrefix drops a partial UTF-8 character at the end of s.
func validPrefix(s string) string {
	for i := len(s); i > 0 && i > len(s)-4; i-- {
		if utf8.ValidString(s[:i]) {
			return s[:i]
		}
	}
	return s
}
