package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// Config of the HTTP layer. The env tags are read by cmd/tokenizerd.
type Config struct {
	SocketPath      string        `env:"SOCKET_PATH" envDefault:"/tmp/tokenizer/tokenizer-uds.socket"`
	MaxBodyBytes    int64         `env:"MAX_BODY_BYTES" envDefault:"16777216"`
	RequestTimeout  time.Duration `env:"REQUEST_TIMEOUT" envDefault:"30s"`
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"20s"`
}

// Models is what the server needs of the model registry.
type Models interface {
	Get(ctx context.Context, name string) (*runtime.Model, error)
}

// Server answers tokenizer requests for a set of models.
type Server struct {
	cfg          Config
	models       Models
	defaultModel string
	log          *slog.Logger
	ready        atomic.Bool
}

// New returns a server; defaultModel answers requests that name no model.
func New(cfg Config, models Models, defaultModel string, log *slog.Logger) *Server {
	return &Server{cfg: cfg, models: models, defaultModel: defaultModel, log: log}
}

// SetReady marks the server ready (the default model is loaded) or not (starting, draining).
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Handler routes every endpoint.
func (s *Server) Handler() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/tokenize", s.tokenize).Methods(http.MethodPost)
	r.HandleFunc("/health", s.health).Methods(http.MethodGet)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{status: http.StatusNotFound, kind: "NotFoundError", message: "no such endpoint: " + r.URL.Path})
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, kind: "BadRequestError", message: r.Method + " is not allowed on " + r.URL.Path})
	})
	return r
}

// Listen creates the socket: its folder with tight permissions, a stale socket file removed, and a refusal
// when a live server already answers on it.
func Listen(path string) (net.Listener, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("httpapi: socket folder: %w", err)
	}
	if conn, err := net.DialTimeout("unix", path, time.Second); err == nil {
		conn.Close()
		return nil, fmt.Errorf("httpapi: %s is in use by a running server", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("httpapi: removing stale socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("httpapi: %w", err)
	}
	if err := os.Chmod(path, 0o660); err != nil {
		ln.Close()
		return nil, fmt.Errorf("httpapi: socket mode: %w", err)
	}
	return ln, nil
}

// Serve answers on ln until ctx is done, then stops accepting, lets in-flight requests finish within the
// shutdown timeout, and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.SetReady(false)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("httpapi: shutdown: %w", err)
	}
	return nil
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	now := float64(time.Now().UnixNano()) / 1e9
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{
			"status": "unhealthy", "service": "tokenizer-service", "reason": "tokenizer not ready", "timestamp": now,
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "healthy", "service": "tokenizer-service", "timestamp": now})
}
