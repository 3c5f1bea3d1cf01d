package engine_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// BenchmarkLoadImageFresh times the first LoadImage of a fresh process, as a restarted sandbox instance
// does it: no JSON parsed before, no memory grown by an earlier load; first-encode-ms is the first Encode
// after it. It reads the image a previous run wrote to the temporary folder (the first run writes it and
// skips), so run it once per model, in a new process each time, with -test.benchtime 1x; later
// iterations of one run are no longer fresh. Inside wasm:
//
//	GOOS=wasip1 GOARCH=wasm go test -c -o engine.wasm ./wasm/engine/
//	wazero run -mount /tmp:/tmp -mount <reference>:<reference> -env TOKENIZERD_REFERENCE=<reference> \
//	    engine.wasm -test.run '^$' -test.bench 'LoadImageFresh/Qwen/Qwen3$' -test.benchtime 1x
func BenchmarkLoadImageFresh(b *testing.B) {
	for _, model := range loadBenchModels {
		b.Run(model, func(b *testing.B) {
			path := freshImagePath(model)
			img, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				writeFreshImage(b, model, path)
				b.Skipf("wrote %s: run again in a new process to time a fresh load", path)
			}
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(img)))
			b.ReportAllocs()
			var tk *engine.Tokenizer
			for b.Loop() {
				if tk, err = engine.LoadImage(img); err != nil {
					b.Fatalf("%s: %v (delete it to rebuild)", path, err)
				}
			}
			start := time.Now()
			if _, err := tk.Encode("Hello, world! Restarted services answer their first request quickly.", engine.Options{AddSpecialTokens: true}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "first-encode-ms")
			reportFootprint(b, tk)
		})
	}
}

// freshImagePath is where BenchmarkLoadImageFresh keeps the image of model; the version in the name keeps
// an image of another layout from being read.
func freshImagePath(model string) string {
	name := fmt.Sprintf("%s.v%d.img", strings.ReplaceAll(model, "/", "--"), engine.ImageVersion)
	return filepath.Join(os.TempDir(), "tokenizerd-fresh-images", name)
}

func writeFreshImage(b *testing.B, model, path string) {
	b.Helper()
	img := modelImage(b, model)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	// Written aside and renamed, so that a parallel run never reads half an image.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, img, 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
}
