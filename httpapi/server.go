package httpapi

import (
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"
	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
)

// Server answers tokenizer requests for a set of models. Create it with New.
type Server struct {
	cfg     Config
	deps    Deps
	log     *slog.Logger
	metrics *metrics
	started time.Time
	ids     requestIDs

	settings atomic.Pointer[Settings]
	// settingsMu serialises POST /config, so that two changes cannot interleave their model loads.
	settingsMu sync.Mutex

	warm     atomic.Bool // the default model has loaded once
	draining atomic.Bool // shutdown has started
	inFlight atomic.Int64

	handler, probeHandler http.Handler
}

// New returns a server; defaultModel answers requests that name no model, until POST /config changes it.
func New(cfg Config, defaultModel string, deps Deps, log *slog.Logger) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, deps: deps, log: log, started: time.Now(), ids: newRequestIDs()}
	s.settings.Store(&Settings{
		Model:               defaultModel,
		AddSpecialTokens:    cfg.AddSpecialTokens,
		EnableThinking:      cfg.EnableThinking,
		AddGenerationPrompt: cfg.AddGenerationPrompt,
	})
	s.metrics = newMetrics(s)
	s.handler = s.middleware(s.routes())
	s.probeHandler = s.middleware(s.probeRoutes())
	return s
}

// Handler serves every endpoint; it is what the unix socket serves.
func (s *Server) Handler() http.Handler { return s.handler }

// ProbeHandler serves only the health endpoints and /metrics; it is what PROBE_PORT serves.
func (s *Server) ProbeHandler() http.Handler { return s.probeHandler }

// now is the time chat templates see.
func (s *Server) now() time.Time {
	if s.deps.Now != nil {
		return s.deps.Now()
	}
	return time.Now()
}

// Settings returns the llm-d settings in force (GET /config).
func (s *Server) Settings() Settings { return *s.settings.Load() }

// compressMinBytes is the smallest answer compressed for a client that accepts it. Over a local socket
// compressing a typical answer costs more time than moving its bytes (net/http clients, llm-d's among them,
// accept gzip by default): only large batches are worth it.
const compressMinBytes = 64 << 10

// compress answers with zstd or gzip when the client accepts them and the body is worth it.
var compress = func() func(http.Handler) http.HandlerFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(compressMinBytes), gzhttp.CompressionLevel(gzip.BestSpeed))
	if err != nil {
		panic(err) // the options are constant
	}
	return wrap
}()

func (s *Server) routes() http.Handler {
	r := s.newRouter()
	s.handle(r, "/tokenize", http.MethodPost, s.tokenize)
	s.handle(r, "/detokenize", http.MethodPost, s.detokenize)
	s.handle(r, "/chat-template", http.MethodPost, s.chatTemplate)
	s.handle(r, "/v1/chat/completions/render", http.MethodPost, s.renderChatCompletion)
	s.handle(r, "/config", http.MethodGet, s.getConfig)
	s.handle(r, "/config", http.MethodPost, s.postConfig)
	s.handle(r, "/v1/models", http.MethodGet, s.listModels)
	s.healthRoutes(r)
	return compress(s.recoverer(r))
}

func (s *Server) probeRoutes() http.Handler {
	r := s.newRouter()
	s.healthRoutes(r)
	return s.recoverer(r)
}

func (s *Server) healthRoutes(r *mux.Router) {
	s.handle(r, "/health", http.MethodGet, s.health)
	s.handle(r, "/healthz", http.MethodGet, s.health) // where llm-d's gRPC generation moved it
	s.handle(r, "/livez", http.MethodGet, s.livez)
	s.handle(r, "/readyz", http.MethodGet, s.readyz)
	s.handle(r, "/metrics", http.MethodGet, s.metrics.serve)
}

func (s *Server) newRouter() *mux.Router {
	r := mux.NewRouter()
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, &apiError{status: http.StatusNotFound, kind: "NotFoundError", message: "no such endpoint: " + r.URL.Path})
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, &apiError{status: http.StatusMethodNotAllowed, kind: "BadRequestError",
			message: r.Method + " is not allowed on " + r.URL.Path})
	})
	return r
}

// handle registers one endpoint and names it on the request record, so that logs and metrics label requests
// by route rather than by whatever path a client sent.
func (s *Server) handle(r *mux.Router, path, method string, h http.HandlerFunc) {
	r.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if rec := recordOf(r.Context()); rec != nil {
			rec.endpoint = path
		}
		h(w, r)
	}).Methods(method)
}
