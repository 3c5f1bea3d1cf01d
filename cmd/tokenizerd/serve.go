package main

import (
	"context"
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
	log.Info("sandbox ready", "compile", time.Since(start).Round(time.Millisecond), "compilation_cache", cfg.Runtime.CompilationCacheDir)

	srv := httpapi.New(cfg.HTTP, registry, cfg.Model, log)
	ln, err := httpapi.Listen(cfg.HTTP.SocketPath)
	if err != nil {
		return err
	}
	log.Info("listening", "socket", cfg.HTTP.SocketPath)
	go func() {
		if cfg.Model == "" {
			srv.SetReady(true)
			return
		}
		loadStart := time.Now()
		if _, err := registry.Get(ctx, cfg.Model); err != nil {
			log.Error("loading the default model", "model", cfg.Model, "err", err)
			return
		}
		log.Info("default model loaded", "model", cfg.Model, "took", time.Since(loadStart).Round(time.Millisecond))
		srv.SetReady(true)
	}()
	err = srv.Serve(ctx, ln)
	log.Info("stopped")
	return err
}
