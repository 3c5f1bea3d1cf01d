package engine_test

import (
	goruntime "runtime"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// loadBenchModels are the models of issue 4's goals: the large byte-level BPE files, Mistral's
// SentencePiece-style BPE and BERT's WordPiece.
var loadBenchModels = []string{"Qwen/Qwen3", "openai-community/gpt2", "meta-llama/Meta-Llama-3-8B-Instruct",
	"mistralai/Mistral-7B-v0.1", "google-bert/bert-base-uncased"}

// BenchmarkLoad parses tokenizer.json and reports the live heap the loaded tokenizer keeps (heap-MiB) and
// the memory the Go runtime holds from the system after the run (sys-MiB; inside wasm, the linear memory).
func BenchmarkLoad(b *testing.B) {
	for _, model := range loadBenchModels {
		b.Run(model, func(b *testing.B) {
			data := reference.TokenizerJSON(b, model)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var tk *engine.Tokenizer
			for b.Loop() {
				var err error
				if tk, err = engine.Load(data); err != nil {
					b.Fatal(err)
				}
			}
			reportFootprint(b, tk)
		})
	}
}

func reportFootprint(b *testing.B, keep any) {
	b.Helper()
	goruntime.GC()
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	goruntime.KeepAlive(keep)
}

// BenchmarkLoadImage rebuilds the tokenizer from its model image and reports the image size (image-MiB).
func BenchmarkLoadImage(b *testing.B) {
	for _, model := range loadBenchModels {
		b.Run(model, func(b *testing.B) {
			img := modelImage(b, model)
			var tk *engine.Tokenizer
			var err error
			b.SetBytes(int64(len(img)))
			b.ReportMetric(float64(len(img))/(1<<20), "image-MiB")
			b.ReportAllocs()
			for b.Loop() {
				if tk, err = engine.LoadImage(img); err != nil {
					b.Fatal(err)
				}
			}
			reportFootprint(b, tk)
		})
	}
}

// modelImage parses a reference tokenizer and returns its model image.
func modelImage(b *testing.B, model string) []byte {
	b.Helper()
	tk, err := engine.Load(reference.TokenizerJSON(b, model))
	if err != nil {
		b.Fatal(err)
	}
	img, err := tk.MarshalImage()
	if err != nil {
		b.Fatal(err)
	}
	return img
}
