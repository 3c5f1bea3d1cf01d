package models

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

func TestEmbeddedFilesAreTheReferenceQwen3(t *testing.T) {
	for _, name := range []string{"tokenizer.json", "tokenizer_config.json"} {
		got, err := EmbeddedFile(name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(reference.ModelDir(t, "Qwen/Qwen3"), name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded %s (%d bytes) differs from the reference Qwen3 file (%d bytes)", name, len(got), len(want))
		}
	}
}

func TestEmbeddedFileRefusesOtherNames(t *testing.T) {
	for _, name := range []string{"config.json", "../tokenizer.json", "Qwen3-0.6B/tokenizer.json", `..\tokenizer.json`} {
		if _, err := EmbeddedFile(name); !errors.Is(err, ErrNotEmbedded) {
			t.Errorf("EmbeddedFile(%q) = %v, want ErrNotEmbedded", name, err)
		}
	}
}
