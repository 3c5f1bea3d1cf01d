package runtime

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// benchModels are the tokenizers of the throughput goal.
var benchModels = []string{"Qwen/Qwen3", "meta-llama/Meta-Llama-3-8B-Instruct", "openai-community/gpt2", "google-bert/bert-base-uncased", "mistralai/Mistral-7B-v0.1"}

// benchLines is the benchmark corpus, one input per line, in batches as the encode command sends them.
func benchLines(b *testing.B) (batches [][]string, size int64) {
	data, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for start := 0; start < len(lines); start += 256 {
		batches = append(batches, lines[start:min(start+256, len(lines))])
	}
	return batches, int64(len(data))
}

// BenchmarkSandboxEncode is the sandboxed path on one core: the whole corpus per iteration, offsets computed.
// Compare its MB/s with ../shared/bench/hf_baseline.js run in the same minute.
func BenchmarkSandboxEncode(b *testing.B) { benchEncode(b, testHost(b)) }

// BenchmarkInProcessEncode is the same on the opt-in in-process path.
func BenchmarkInProcessEncode(b *testing.B) {
	h, err := NewHost(context.Background(), Config{InProcess: true})
	if err != nil {
		b.Fatal(err)
	}
	benchEncode(b, h)
}

func benchEncode(b *testing.B, h *Host) {
	batches, size := benchLines(b)
	for _, name := range benchModels {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			m, err := h.Load(ctx, name, referenceFiles(b, name))
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close(ctx)
			<-m.imageReady() // steady state: instances from the image (the cold load has BenchmarkLoad)
			opts := EncodeOptions{Offsets: true, CharOffsets: true}
			b.SetBytes(size)
			b.ResetTimer()
			for range b.N {
				for _, batch := range batches {
					if _, err := m.Encode(ctx, batch, opts); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkSandboxEncodeParallel spreads the corpus over the model's pool (one instance per core).
func BenchmarkSandboxEncodeParallel(b *testing.B) {
	batches, size := benchLines(b)
	name := benchModels[0]
	ctx := context.Background()
	m, err := testHost(b).Load(ctx, name, referenceFiles(b, name))
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close(ctx)
	<-m.imageReady()
	opts := EncodeOptions{Offsets: true, CharOffsets: true}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		work := make(chan []string)
		for range 2 {
			wg.Go(func() {
				for batch := range work {
					if _, err := m.Encode(ctx, batch, opts); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, batch := range batches {
			work <- batch
		}
		close(work)
		wg.Wait()
	}
}

// BenchmarkLoad is the cold load of a model into a fresh sandbox.
func BenchmarkLoad(b *testing.B) {
	for _, name := range benchModels {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			files := referenceFiles(b, name)
			for range b.N {
				m, err := testHost(b).Load(ctx, name, files)
				if err != nil {
					b.Fatal(err)
				}
				m.Close(ctx)
			}
		})
	}
}

// BenchmarkStartFromImage is what a restart spends on a model once the guest is compiled: a fresh instance
// (instantiate-ms, the Go runtime's start inside it) and the load of the model's image (load-image-ms),
// medians over the iterations.
func BenchmarkStartFromImage(b *testing.B) {
	for _, name := range benchModels {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			h := testHost(b)
			m, err := h.Load(ctx, name, referenceFiles(b, name))
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close(ctx)
			<-m.imageReady()
			var instantiate, loadImage []time.Duration
			for b.Loop() {
				start := time.Now()
				in, err := h.newInstance(ctx, &h.tokenizer)
				if err != nil {
					b.Fatal(err)
				}
				started := time.Now()
				if _, err := in.loadModel(ctx, exportLoadImage, m.image); err != nil {
					b.Fatal(err)
				}
				instantiate, loadImage = append(instantiate, started.Sub(start)), append(loadImage, time.Since(started))
				in.close(ctx)
			}
			b.ReportMetric(medianMillis(instantiate), "instantiate-ms")
			b.ReportMetric(medianMillis(loadImage), "load-image-ms")
		})
	}
}

func medianMillis(d []time.Duration) float64 {
	slices.Sort(d)
	return float64(d[len(d)/2].Microseconds()) / 1000
}
