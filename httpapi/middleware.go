package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"
)

// requestRecord is what the handlers tell the middleware about a request: which route and model it used
// and how it failed. It lives in the request's context.
type requestRecord struct {
	id       string
	endpoint string // the route; "" when none matched
	model    string // the model that served it; "" when none did (unknown names stay out of metric labels)
	errKind  string
	err      error
}

type recordKey struct{}

func recordOf(ctx context.Context) *requestRecord {
	rec, _ := ctx.Value(recordKey{}).(*requestRecord)
	return rec
}

// setModel names the model that serves the request.
func setModel(r *http.Request, name string) {
	if rec := recordOf(r.Context()); rec != nil {
		rec.model = name
	}
}

// requestIDs makes ids unique across restarts (a random prefix) and cheap per request (a counter).
type requestIDs struct {
	prefix string
	next   atomic.Uint64
}

func newRequestIDs() requestIDs {
	var b [4]byte
	_, _ = rand.Read(b[:]) // never fails on supported platforms
	return requestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

// maxClientRequestID bounds an id taken from the client, which ends up in logs.
const maxClientRequestID = 128

// id is the client's X-Request-Id when it is short printable ASCII, else a new one.
func (g *requestIDs) id(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= maxClientRequestID && printableASCII(id) {
		return id
	}
	return g.prefix + strconv.FormatUint(g.next.Add(1), 10)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// statusWriter remembers the status and size of the answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware wraps every endpoint: a request id, the request deadline, the access log and the metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.inFlight.Add(1)
		s.metrics.inFlight.Inc()
		rec := &requestRecord{id: s.ids.id(r)}
		ctx, cancel := context.WithTimeout(context.WithValue(r.Context(), recordKey{}, rec), s.cfg.RequestTimeout)
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", rec.id)
		defer func() {
			cancel()
			elapsed := time.Since(start)
			s.metrics.observe(rec, sw.status, elapsed)
			s.accessLog(r, rec, sw, elapsed)
			s.metrics.inFlight.Dec()
			s.inFlight.Add(-1)
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// recoverer turns a handler's panic into a 500 without any detail for the client; the stack goes to the
// log. It sits inside the compression, so that its answer is written before the compressor closes.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p) // the handler asked net/http to drop the connection
			}
			rec := recordOf(r.Context())
			s.log.Error("handler panicked", "request_id", rec.id, "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if sw.status == 0 {
				writeError(sw, r, &apiError{status: http.StatusInternalServerError, kind: "InternalServerError",
					message: "internal error (request " + rec.id + ")"})
			}
			rec.errKind, rec.err = "InternalServerError", fmt.Errorf("panic: %v", p)
		}()
		next.ServeHTTP(sw, r)
	})
}

// accessLog writes one debug line per request, and a warning for every error that is the server's fault.
func (s *Server) accessLog(r *http.Request, rec *requestRecord, w *statusWriter, elapsed time.Duration) {
	level := slog.LevelDebug
	if w.status >= 500 && rec.err != nil { // a failure of the server's, not a probe saying "not ready"
		level = slog.LevelWarn
	}
	ctx := r.Context()
	if !s.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("request_id", rec.id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", w.status), slog.Int64("bytes", w.bytes), slog.Duration("duration", elapsed),
	}
	if rec.model != "" {
		attrs = append(attrs, slog.String("model", rec.model))
	}
	if rec.err != nil {
		attrs = append(attrs, slog.String("error", rec.err.Error()))
	}
	s.log.LogAttrs(ctx, level, "request", attrs...)
}
