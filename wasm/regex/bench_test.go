package regex

import (
	"os"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// BenchmarkFindAllIndex measures each tokenizer pattern on bench_mixed.txt, scanner against engine.
func BenchmarkFindAllIndex(b *testing.B) {
	raw, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	names := map[string]string{patternGPT2: "gpt2", patternLlama3: "llama3", patternQwen2: "qwen2",
		patternO200K: "o200k", patternDeepSeekMain: "deepseek", patternCLIP: "clip"}
	for _, pattern := range scannedPatterns() {
		name, ok := names[pattern]
		if !ok {
			continue
		}
		for _, impl := range []struct {
			kind string
			re   *Regexp
		}{{"scanner", MustCompile(pattern)}, {"engine", engineOnly(b, pattern)}} {
			b.Run(name+"/"+impl.kind, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				var dst [][2]int
				for b.Loop() {
					if dst, err = impl.re.FindAllIndex(text, dst[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
