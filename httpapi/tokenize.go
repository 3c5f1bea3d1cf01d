package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// tokenizeRequest is vLLM's prompt form of /tokenize.
type tokenizeRequest struct {
	Model            string `json:"model"`
	Prompt           string `json:"prompt"`
	AddSpecialTokens *bool  `json:"add_special_tokens"`
}

type tokenizeResponse struct {
	Count       int      `json:"count"`
	MaxModelLen uint32   `json:"max_model_len"`
	Tokens      []uint32 `json:"tokens"`
}

func (s *Server) tokenize(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	var req tokenizeRequest
	if err := s.decodeJSON(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	if !utf8.ValidString(req.Prompt) {
		writeError(w, badRequest("prompt", "prompt is not valid UTF-8"))
		return
	}
	model, err := s.model(ctx, req.Model)
	if err != nil {
		writeError(w, err)
		return
	}
	addSpecial := req.AddSpecialTokens == nil || *req.AddSpecialTokens
	encs, err := model.Encode(ctx, []string{req.Prompt}, runtime.EncodeOptions{AddSpecialTokens: addSpecial})
	if err != nil {
		writeError(w, err)
		return
	}
	ids := encs[0].IDs
	if ids == nil {
		ids = []uint32{}
	}
	writeJSON(w, http.StatusOK, tokenizeResponse{Count: len(ids), MaxModelLen: model.Info().MaxModelLen, Tokens: ids})
}

func (s *Server) model(ctx context.Context, name string) (*runtime.Model, error) {
	if name == "" {
		name = s.defaultModel
	}
	if name == "" {
		return nil, badRequest("model", "no model named and no default model configured")
	}
	return s.models.Get(ctx, name)
}

// decodeJSON reads a size-capped JSON body. Go's decoder replaces invalid UTF-8 inside strings with U+FFFD,
// which would silently change a prompt, so the raw body is checked first.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	data, err := io.ReadAll(body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &apiError{status: http.StatusRequestEntityTooLarge, kind: "BadRequestError",
				message: "request body exceeds the limit of " + strconv.FormatInt(tooLarge.Limit, 10) + " bytes"}
		}
		return badRequest("", "reading the request body: "+err.Error())
	}
	if !utf8.Valid(data) {
		return badRequest("", "request body is not valid UTF-8")
	}
	if err := json.Unmarshal(data, v); err != nil {
		return badRequest("", "malformed JSON: "+err.Error())
	}
	return nil
}
