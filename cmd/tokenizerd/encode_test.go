package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestEncodeReproducesBenchSummary runs `tokenizerd encode` over the 3.8 MB benchmark corpus through the
// sandbox, for every tokenizer of the reference set, and compares the sha256 of all ids with the reference
// implementation's.
func TestEncodeReproducesBenchSummary(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes 3.8 MB per model; run without -short")
	}
	summaries := reference.BenchSummaries(t)
	corpus := reference.Path(t, "corpus", "bench_mixed.txt")
	for _, model := range reference.Tokenizers(t) {
		t.Run(model, func(t *testing.T) {
			t.Setenv("MODELS_DIR", t.TempDir())
			t.Setenv("IMAGE_CACHE_DIR", t.TempDir())
			var stdout, stderr bytes.Buffer
			// A model folder as a hub repository holds it: the reference set stores two files gzipped.
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "tokenizer.json"), reference.TokenizerJSON(t, model), 0o644); err != nil {
				t.Fatal(err)
			}
			code := run([]string{"encode", "--model", dir, corpus}, nil, &stdout, &stderr)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			want := summaries[model]
			out := strings.TrimSuffix(stdout.String(), "\n")
			if lines := strings.Count(out, "\n") + 1; lines != want.Lines {
				t.Fatalf("%d lines, want %d", lines, want.Lines)
			}
			sum := sha256.Sum256([]byte(out))
			if got := hex.EncodeToString(sum[:]); got != want.IDsSHA256 {
				t.Fatalf("ids_sha256 = %s, want %s", got, want.IDsSHA256)
			}
		})
	}
}

func TestEncodeLinesAndSpecialTokens(t *testing.T) {
	dir := reference.ModelDir(t, "openai-community/gpt2")
	var stdout, stderr bytes.Buffer
	code := run([]string{"encode", "--model", dir}, strings.NewReader("Hello world\n\nfoo\n"), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	// Three inputs (the final empty line is dropped); the empty middle line has no tokens.
	if got, want := stdout.String(), "15496,995\n\n21943\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestEncodeUnknownModelFails(t *testing.T) {
	t.Setenv("MODELS_DIR", t.TempDir())
	t.Setenv("HF_HUB_OFFLINE", "1")
	cases := map[string]string{
		"nobody/nothing": "offline and not cached",
		"../../etc":      "no such file or directory", // a path: allowed on the command line, but no such folder
		"a/b/c":          "invalid model name",
		"org/na\x00me":   "invalid model name",
	}
	for model, want := range cases {
		var stdout, stderr bytes.Buffer
		code := run([]string{"encode", "--model", model}, strings.NewReader("x\n"), &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "model not found") {
			t.Errorf("model %q: exit %d, stderr %q, want %q", model, code, stderr.String(), want)
		}
	}
}
