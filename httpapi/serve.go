package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Run listens on the configured socket (and probe port), then serves until ctx is done; see Serve.
func (s *Server) Run(ctx context.Context) error {
	ln, err := Listen(s.cfg.SocketPath, s.cfg.SocketMode.FileMode())
	if err != nil {
		return err
	}
	probe, err := ListenProbe(s.cfg.ProbePort)
	if err != nil {
		ln.Close()
		return err
	}
	s.log.Info("listening", "socket", s.cfg.SocketPath, "mode", s.cfg.SocketMode, "probe_port", s.cfg.ProbePort)
	return s.Serve(ctx, ln, probe)
}

// Serve answers on ln, and the probes on probe when it is not nil, while loading the default model in the
// background (the server is ready once it has loaded). When ctx is done it reports not ready, stops
// accepting, lets in-flight requests finish within the shutdown timeout, closes the listeners (which
// removes the socket file) and returns.
func (s *Server) Serve(ctx context.Context, ln, probe net.Listener) error {
	main := s.httpServer(s.handler)
	servers := []*http.Server{main}
	listeners := []net.Listener{ln}
	if probe != nil {
		servers = append(servers, s.httpServer(s.probeHandler))
		listeners = append(listeners, probe)
	}
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	var warming sync.WaitGroup
	warmCtx, stopWarming := context.WithCancel(ctx)
	warming.Go(func() { s.warmUp(warmCtx) })

	var err error
	select {
	case err = <-errc:
		err = fmt.Errorf("httpapi: serving: %w", err)
	case <-ctx.Done():
	}
	stopWarming()
	s.draining.Store(true)
	s.log.Info("shutting down", "in_flight", s.inFlight.Load(), "timeout", s.cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	// The main server first, so that probes keep answering (not ready, alive) while requests drain.
	for _, srv := range servers {
		if e := srv.Shutdown(shutdownCtx); e != nil {
			srv.Close()
			err = errors.Join(err, fmt.Errorf("httpapi: shutdown: %d requests still running: %w", s.inFlight.Load(), e))
		}
	}
	warming.Wait()
	return err
}

func (s *Server) httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.RequestTimeout,
		WriteTimeout:      s.cfg.RequestTimeout + 5*time.Second, // past the request deadline, so a 504 still goes out
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
}

// warmUp loads the default model until it succeeds or ctx ends, backing off between failures; a model whose
// download failed once may well load a minute later.
func (s *Server) warmUp(ctx context.Context) {
	delay := time.Second
	for {
		name := s.settings.Load().Model
		if name == "" {
			s.warm.Store(true)
			return
		}
		start := time.Now()
		_, err := s.deps.Models.Get(ctx, name)
		if err == nil {
			s.log.Info("default model loaded", "model", name, "took", time.Since(start).Round(time.Millisecond))
			s.warm.Store(true)
			return
		}
		if ctx.Err() != nil {
			return
		}
		s.log.Error("loading the default model", "model", name, "err", err, "retry_in", delay)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return
		}
		delay = min(2*delay, 30*time.Second)
	}
}
