package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/caarlos0/env/v11"

	"github.com/tokenizerd/tokenizerd/cache"
	"github.com/tokenizerd/tokenizerd/httpapi"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// Config is the whole service configuration, read from the environment. Flags override some of it.
type Config struct {
	// Model is the default model, loaded at start; requests that name no model use it.
	Model     string `env:"MODEL" envDefault:"Qwen/Qwen3-0.6B"`
	LogLevel  string `env:"LOG_LEVEL" envDefault:"info"`
	MaxModels int    `env:"MAX_MODELS" envDefault:"8"`

	HTTP    httpapi.Config
	Runtime runtime.Config
	Cache   cache.Config
}

func loadConfig() (Config, error) {
	cfg, err := env.ParseAs[Config]()
	if err != nil {
		return Config{}, fmt.Errorf("configuration: %w", err)
	}
	if cfg.Runtime.CompilationCacheDir == "" {
		cfg.Runtime.CompilationCacheDir = defaultCacheDir("wazero")
	}
	if cfg.Runtime.ImageCacheDir == "" {
		cfg.Runtime.ImageCacheDir = defaultCacheDir("images")
	}
	return cfg, nil
}

// defaultCacheDir is a folder in the user's cache folder, so that a restart neither compiles the guests nor
// parses a known tokenizer.json again; where there is no writable one (a read-only root filesystem) the
// caches stay in memory.
func defaultCacheDir(name string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, "tokenizerd", name)
	if os.MkdirAll(dir, 0o700) != nil {
		return ""
	}
	return dir
}

func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("LOG_LEVEL: %w", err)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}
