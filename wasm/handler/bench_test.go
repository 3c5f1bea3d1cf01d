package handler_test

import (
	"os"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
	"github.com/tokenizerd/tokenizerd/wasm/handler"
)

// benchBatch is how many lines the sandbox benchmark of package runtime sends per call.
const benchBatch = 256

// BenchmarkHandlerEncode encodes the bench corpus with Qwen3 as the guest does, in calls of benchBatch
// lines asking for offsets in code points ("handler"), next to the engine alone on the same lines
// ("engine"): the difference is the handler's own cost. Run it inside wasm (see the perf notes).
func BenchmarkHandlerEncode(b *testing.B) {
	data, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var frames [][]byte
	for i := 0; i < len(lines); i += benchBatch {
		frames = append(frames, abi.AppendTexts(nil, lines[i:min(i+benchBatch, len(lines))]))
	}
	const model = "Qwen/Qwen3"
	b.Run("handler", func(b *testing.B) {
		h := &handler.Handler{Canceled: func() bool { return false }} // the guest polls one too
		files := []string{string(reference.TokenizerJSON(b, model)), "", ""}
		if st, out := h.Load(abi.AppendTexts(nil, files)); st != abi.StatusOK {
			b.Fatal(st, string(out))
		}
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			for _, f := range frames {
				if st, out := h.Encode(f, abi.FlagOffsets|abi.FlagCharOffsets); st != abi.StatusOK {
					b.Fatal(st, string(out))
				}
				// Inside wasm a GC cycle ends only when the goroutine yields, as the guest does per call.
				goruntime.Gosched()
			}
		}
	})
	b.Run("engine", func(b *testing.B) {
		tk, err := engine.Load(reference.TokenizerJSON(b, model))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		var e engine.Encoding
		var chars []engine.Offset
		for b.Loop() {
			for i, line := range lines {
				if err := tk.EncodeInto(&e, line, engine.Options{}); err != nil {
					b.Fatal(err)
				}
				chars = engine.AppendCharOffsets(chars[:0], line, e.Offsets)
				if i%benchBatch == 0 {
					goruntime.Gosched()
				}
			}
		}
	})
}
