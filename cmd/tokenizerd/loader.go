package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/tokenizerd/tokenizerd/httpapi"
	"github.com/tokenizerd/tokenizerd/models"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// modelID is a Hugging Face style "org/name" of safe characters; anything else never reaches a path.
var modelID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$`)

// maxModelFile caps what is read of one model file.
const maxModelFile = 256 << 20

// loader finds a model's files: in the models folder, else the embedded default.
type loader struct {
	modelsDir string
}

func (l loader) load(_ context.Context, name string) (runtime.Files, error) {
	if !modelID.MatchString(name) || filepath.Base(name) == ".." {
		return runtime.Files{}, fmt.Errorf("%w: %q is not a valid model id (org/name)", httpapi.ErrModelNotFound, name)
	}
	dir := filepath.Join(l.modelsDir, filepath.FromSlash(name))
	files, err := readModelDir(dir)
	if errors.Is(err, fs.ErrNotExist) && name == models.Embedded {
		return embeddedFiles()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return runtime.Files{}, fmt.Errorf("%w: %s is not in %s", httpapi.ErrModelNotFound, name, l.modelsDir)
	}
	return files, err
}

// readModelDir reads a model folder; only tokenizer.json is required.
func readModelDir(dir string) (runtime.Files, error) {
	var f runtime.Files
	var err error
	if f.TokenizerJSON, err = readCapped(filepath.Join(dir, "tokenizer.json")); err != nil {
		return f, err
	}
	if f.TokenizerConfig, err = readOptional(filepath.Join(dir, "tokenizer_config.json")); err != nil {
		return f, err
	}
	f.Config, err = readOptional(filepath.Join(dir, "config.json"))
	return f, err
}

func embeddedFiles() (runtime.Files, error) {
	var f runtime.Files
	var err error
	if f.TokenizerJSON, err = models.EmbeddedFile("tokenizer.json"); err != nil {
		return f, err
	}
	f.TokenizerConfig, err = models.EmbeddedFile("tokenizer_config.json")
	return f, err
}

func readOptional(path string) ([]byte, error) {
	data, err := readCapped(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

func readCapped(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxModelFile {
		return nil, fmt.Errorf("%s: %d bytes exceeds the %d-byte limit", path, st.Size(), maxModelFile)
	}
	return os.ReadFile(path)
}
