package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tokenizerd/tokenizerd/cache"
	"github.com/tokenizerd/tokenizerd/httpapi"
	"github.com/tokenizerd/tokenizerd/models"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// loader finds a model's files: on disk first, then the embedded default, then a download.
type loader struct {
	cache *cache.Cache
}

func newLoader(cfg cache.Config) (*loader, error) {
	c, err := cache.New(cfg)
	if err != nil {
		return nil, err
	}
	return &loader{cache: c}, nil
}

func (l *loader) load(ctx context.Context, ref string) (runtime.Files, error) {
	if ref == models.Embedded && !l.onDisk(ref) {
		return embeddedFiles()
	}
	m, err := l.cache.Get(ctx, ref)
	if errors.Is(err, cache.ErrNotFound) || errors.Is(err, cache.ErrInvalidName) || errors.Is(err, cache.ErrRevisionNotFound) ||
		errors.Is(err, cache.ErrOffline) || errors.Is(err, fs.ErrNotExist) {
		return runtime.Files{}, fmt.Errorf("%w: %w", httpapi.ErrModelNotFound, err)
	}
	if err != nil {
		return runtime.Files{}, err
	}
	return readModel(m)
}

// onDisk tells whether the models folder holds the model, so that a real download of the embedded default
// takes precedence over the copy in the binary.
func (l *loader) onDisk(id string) bool {
	_, err := os.Stat(filepath.Join(l.cache.Dir(), filepath.FromSlash(id), "tokenizer.json"))
	return err == nil
}

// readModel reads the files a sandbox loads; only tokenizer.json is required.
func readModel(m *cache.Model) (runtime.Files, error) {
	var f runtime.Files
	var err error
	if f.TokenizerJSON, err = m.ReadFile("tokenizer.json"); err != nil {
		return f, err
	}
	optional := []struct {
		name string
		dst  *[]byte
	}{
		{"tokenizer_config.json", &f.TokenizerConfig},
		{"config.json", &f.Config},
		{"chat_template.jinja", &f.ChatTemplateJinja},
		{"chat_template.json", &f.ChatTemplateJSON},
	}
	for _, o := range optional {
		if *o.dst, err = readOptional(m, o.name); err != nil {
			return f, err
		}
	}
	return f, nil
}

func readOptional(m *cache.Model, name string) ([]byte, error) {
	data, err := m.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
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

// cachedModels lists the models folder for /v1/models.
type cachedModels struct{ cache *cache.Cache }

func (c cachedModels) List() ([]httpapi.CachedModel, error) {
	list, err := c.cache.List()
	if err != nil {
		return nil, err
	}
	out := make([]httpapi.CachedModel, len(list))
	for i, m := range list {
		out[i] = httpapi.CachedModel{ID: m.ID, Revision: cmp.Or(m.Commit, m.Revision)}
	}
	return out, nil
}

// cacheStats gives the cache's counters to /metrics.
type cacheStats struct{ cache *cache.Cache }

func (c cacheStats) Stats() httpapi.CacheStats {
	s := c.cache.Stats()
	return httpapi.CacheStats{Hits: s.Hits, Misses: s.Misses, Downloads: s.Downloads, DownloadedBytes: s.DownloadedBytes}
}
