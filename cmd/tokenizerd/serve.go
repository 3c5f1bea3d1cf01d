package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/tokenizerd/tokenizerd/httpapi"
	"github.com/tokenizerd/tokenizerd/runtime"
)

func runServe(ctx context.Context, cfg Config, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.HTTP.SocketPath, "socket", cfg.HTTP.SocketPath, "unix socket to listen on (SOCKET_PATH)")
	fs.StringVar(&cfg.Model, "model", cfg.Model, "default model, loaded at start (MODEL)")
	fs.StringVar(&cfg.Cache.Dir, "models-dir", cfg.Cache.Dir, "models folder (MODELS_DIR)")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error (LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log, err := newLogger(cfg.LogLevel)
	if err != nil {
		fmt.Fprintln(stderr, "tokenizerd:", err)
		return 2
	}
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("tokenizerd stopped", "err", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	start := time.Now()
	host, err := runtime.NewHost(ctx, cfg.Runtime)
	if err != nil {
		return err
	}
	defer host.Close(context.Background())
	cfg.Cache.Logger = log
	models, err := newLoader(cfg.Cache)
	if err != nil {
		return err
	}
	registry := runtime.NewRegistry(host, models.load, cfg.MaxModels)
	defer registry.Close(context.Background())
	holdGCUntilLoaded(ctx, registry, cfg.Model)

	// The guest compiles while the server starts listening and reads the default model's files; a guest that
	// fails to compile stops the server.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	compileErr := make(chan error, 1)
	go func() {
		if err := host.Ready(ctx); err != nil {
			compileErr <- err
			stop()
			return
		}
		log.Info("sandbox ready", "compile", time.Since(start).Round(time.Millisecond), "compilation_cache", cfg.Runtime.CompilationCacheDir)
	}()
	srv := httpapi.New(cfg.HTTP, cfg.Model, httpapi.Deps{Models: registry, Cache: cachedModels{models.cache}, CacheStats: cacheStats{models.cache}}, log)
	err = srv.Run(ctx)
	select {
	case cerr := <-compileErr:
		err = errors.Join(err, cerr)
	default:
	}
	log.Info("stopped")
	return err
}
