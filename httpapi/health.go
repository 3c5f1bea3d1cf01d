package httpapi

import (
	"net/http"
	"time"
)

// ready reports whether the server should get traffic, and why not.
func (s *Server) ready() (bool, string) {
	switch {
	case s.draining.Load():
		return false, "shutting down"
	case !s.warm.Load():
		return false, "tokenizer not ready"
	}
	return true, ""
}

// health is llm-d's probe: its body shape, ready or not.
func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	now := float64(time.Now().UnixMicro()) / 1e6
	if ok, reason := s.ready(); !ok {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{
			"status": "unhealthy", "service": "tokenizer-service", "reason": reason, "timestamp": now,
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "healthy", "service": "tokenizer-service", "timestamp": now})
}

// livez answers while the process serves at all, draining included: restarting a draining server helps no one.
func (s *Server) livez(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "alive"})
}

// readyz fails before the default model has loaded and while draining.
func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if ok, reason := s.ready(); !ok {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready", "reason": reason})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
