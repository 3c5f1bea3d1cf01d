package engine

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// BenchmarkPreTokenizerAndModel times the pre-tokenizer and the model alone over the bench corpus: the
// normalized pieces of every line are prepared once, so the (allocating) normalizers and the garbage
// collection they cause do not blur the figures the way they do in BenchmarkEncodeStages. The model's
// cost is pretokenize+model minus pretokenize; pretokenize+model-twice minus pretokenize+model is the
// cost of the word-cache path.
func BenchmarkPreTokenizerAndModel(b *testing.B) {
	data, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for _, name := range []string{"google-bert/bert-base-uncased", "mistralai/Mistral-7B-v0.1", "microsoft/Phi-3-mini-4k-instruct"} {
		b.Run(name, func(b *testing.B) {
			t, err := Load(reference.TokenizerJSON(b, name))
			if err != nil {
				b.Fatal(err)
			}
			normalized := make([][]split, len(lines))
			for i, line := range lines {
				if err := t.added.extractAndNormalize(t.normalizer, &t.scratch, line); err != nil {
					b.Fatal(err)
				}
				normalized[i] = append([]split(nil), t.scratch.splits...)
			}
			run := func(b *testing.B, passes int) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				p := &t.scratch
				var pieces []split
				for b.Loop() {
					for i, splits := range normalized {
						p.splits, p.tokens = append(p.splits[:0], splits...), p.tokens[:0]
						if t.preTokenizer != nil {
							if err := t.preTokenizer.preTokenize(p); err != nil {
								b.Fatal(err)
							}
						}
						pieces = append(pieces[:0], p.splits...)
						for range passes {
							p.splits, p.tokens = append(p.splits[:0], pieces...), p.tokens[:0]
							if err := p.tokenize(t.model, nil); err != nil {
								b.Fatal(err)
							}
						}
						if i%256 == 0 {
							runtime.Gosched()
						}
					}
				}
			}
			b.Run("pretokenize", func(b *testing.B) { run(b, 0) })
			b.Run("pretokenize+model", func(b *testing.B) { run(b, 1) })
			b.Run("pretokenize+model-twice", func(b *testing.B) { run(b, 2) })
		})
	}
}
