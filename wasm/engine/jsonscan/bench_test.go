package jsonscan_test

import (
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// BenchmarkSkip validates a whole tokenizer.json, the scanner's bare speed.
func BenchmarkSkip(b *testing.B) {
	data := reference.TokenizerJSON(b, "Qwen/Qwen3")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s := jsonscan.New(data, 128)
		s.Skip()
		if err := s.Finish(); err != nil {
			b.Fatal(err)
		}
	}
}
