package httpapi

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// tokenize serves both shapes of POST /tokenize: vLLM's JSON request when the body says it is JSON, and
// llm-d's raw text otherwise (its Go client sends no content type at all).
func (s *Server) tokenize(w http.ResponseWriter, r *http.Request) {
	if isJSON(r.Header.Get("Content-Type")) {
		s.tokenizeJSON(w, r)
		return
	}
	s.tokenizeText(w, r)
}

func isJSON(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// tokenizeRequest is vLLM's /tokenize: the prompt form, where a list of prompts is a batch as in SGLang, or
// the messages form, which renders the model's chat template first.
type tokenizeRequest struct {
	Model  string  `json:"model"`
	Prompt prompts `json:"prompt"`
	chatFields
	AddSpecialTokens *bool `json:"add_special_tokens"`
	ReturnTokenStrs  bool  `json:"return_token_strs"`
	ReturnOffsets    bool  `json:"return_offsets"`
}

func (s *Server) tokenizeJSON(w http.ResponseWriter, r *http.Request) {
	var req tokenizeRequest
	if err := s.decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if c := firstByte(req.Messages); c != 0 && c != 'n' {
		if req.Prompt.texts != nil {
			writeError(w, r, badRequest("messages", "send either prompt or messages, not both"))
			return
		}
		s.tokenizeMessages(w, r, &req)
		return
	}
	texts, batch := req.Prompt.texts, req.Prompt.batch
	switch {
	case texts == nil:
		writeError(w, r, badRequest("prompt", "prompt is required"))
		return
	case len(texts) > s.cfg.MaxBatchSize:
		writeError(w, r, tooLarge("prompt", "batch of "+strconv.Itoa(len(texts))+" prompts exceeds the limit of "+strconv.Itoa(s.cfg.MaxBatchSize)))
		return
	}
	model, err := s.model(r, req.Model)
	if err != nil {
		writeError(w, r, err)
		return
	}
	opts := runtime.EncodeOptions{
		AddSpecialTokens: req.AddSpecialTokens == nil || *req.AddSpecialTokens,
		Offsets:          req.ReturnOffsets,
		CharOffsets:      req.ReturnOffsets,
		Tokens:           req.ReturnTokenStrs,
	}
	var encs []runtime.Encoding
	if len(texts) > 0 {
		if encs, err = model.Encode(r.Context(), texts, opts); err != nil {
			writeError(w, r, err)
			return
		}
	}
	out := getOut()
	defer putOut(out)
	*out = appendTokenizeResponse((*out)[:0], encs, batch, model.Info().MaxModelLen, opts)
	writeBody(w, http.StatusOK, *out)
}

// llmdModel resolves the configured default model for llm-d's endpoints, whose requests name none, with the
// settings it was read under.
func (s *Server) llmdModel(r *http.Request) (*Settings, *runtime.Model, error) {
	settings := s.settings.Load()
	if settings.Model == "" {
		return nil, nil, unavailable("no default model is configured")
	}
	model, err := s.model(r, settings.Model)
	return settings, model, err
}

// model resolves a model name, the default one when empty, and names it on the request record.
func (s *Server) model(r *http.Request, name string) (*runtime.Model, error) {
	if name == "" {
		name = s.settings.Load().Model
	}
	if name == "" {
		return nil, badRequest("model", "no model named and no default model configured")
	}
	m, err := s.deps.Models.Get(r.Context(), name)
	if errors.Is(err, runtime.ErrTooLarge) || errors.Is(err, runtime.ErrBadInput) {
		// A limit hit while loading the model's files is the model's fault, not the request's.
		return nil, &apiError{status: http.StatusUnprocessableEntity, kind: "ModelError", param: "model", message: err.Error()}
	}
	if err != nil {
		return nil, err
	}
	setModel(r, m.Name())
	return m, nil
}

// appendTokenizeResponse writes {"count", "max_model_len", "tokens", "token_strs"?, "offsets"?}; in a
// batch every per-prompt field is a list, in the order of the prompts.
func appendTokenizeResponse(b []byte, encs []runtime.Encoding, batch bool, maxModelLen uint32, opts runtime.EncodeOptions) []byte {
	list := func(b []byte, each func([]byte, runtime.Encoding) []byte) []byte {
		if !batch {
			return each(b, encs[0])
		}
		b = append(b, '[')
		for i, e := range encs {
			if i > 0 {
				b = append(b, ',')
			}
			b = each(b, e)
		}
		return append(b, ']')
	}
	b = append(b, `{"count":`...)
	b = list(b, func(b []byte, e runtime.Encoding) []byte { return strconv.AppendInt(b, int64(len(e.IDs)), 10) })
	b = append(b, `,"max_model_len":`...)
	b = strconv.AppendUint(b, uint64(maxModelLen), 10)
	b = append(b, `,"tokens":`...)
	b = list(b, func(b []byte, e runtime.Encoding) []byte { return appendUint32s(b, e.IDs) })
	if opts.Tokens {
		b = append(b, `,"token_strs":`...)
		b = list(b, func(b []byte, e runtime.Encoding) []byte { return appendStrings(b, e.Tokens) })
	}
	if opts.Offsets {
		b = append(b, `,"offsets":`...)
		b = list(b, func(b []byte, e runtime.Encoding) []byte { return appendOffsets(b, e.Offsets) })
	}
	return append(b, "}\n"...)
}

// outPool recycles response buffers; writeBody has copied or sent the bytes before they go back.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func getOut() *[]byte { return outPool.Get().(*[]byte) }

func putOut(b *[]byte) {
	if cap(*b) <= maxPooledBody {
		outPool.Put(b)
	}
}
