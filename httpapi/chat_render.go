package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// renderRequest is an OpenAI chat completion request with vLLM's extra fields; what only generation reads
// (temperature, max_tokens, …) is ignored.
type renderRequest struct {
	Model string `json:"model"`
	chatFields
	ReasoningEffort  json.RawMessage `json:"reasoning_effort"`
	AddSpecialTokens bool            `json:"add_special_tokens"`
	RequestID        string          `json:"request_id"`
}

// renderChatCompletion is vLLM's POST /v1/chat/completions/render: the prompt a chat completion request
// would run, and its token ids: {"request_id", "token_ids", "prompt"}.
func (s *Server) renderChatCompletion(w http.ResponseWriter, r *http.Request) {
	var req renderRequest
	if err := s.decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	model, err := s.model(r, req.Model)
	if err != nil {
		writeError(w, r, err)
		return
	}
	in := req.chatFields.input()
	if c := firstByte(req.ReasoningEffort); c != 0 && c != 'n' {
		// vLLM hands an OpenAI request's reasoning_effort to the template (gpt-oss reads it).
		in.defaultKwargs = append(in.defaultKwargs, kwarg{name: "reasoning_effort", value: req.ReasoningEffort})
	}
	res, err := s.renderChat(r, model, in, true, runtime.EncodeOptions{AddSpecialTokens: req.AddSpecialTokens})
	if err != nil {
		writeError(w, r, err)
		return
	}
	b := append(make([]byte, 0, 64+len(res.Prompt)+8*len(res.Encoding.IDs)), `{"request_id":`...)
	b = appendJSONString(b, "chatcmpl-"+renderRequestID(r, req.RequestID))
	b = append(b, `,"token_ids":`...)
	b = appendUint32s(b, res.Encoding.IDs)
	b = append(b, `,"prompt":`...)
	b = appendJSONString(b, res.Prompt)
	writeBody(w, http.StatusOK, append(b, "}\n"...))
}

// renderRequestID is vLLM's choice of id: the X-Request-Id header, else the body's request_id, else a new one.
func renderRequestID(r *http.Request, fromBody string) string {
	rec := recordOf(r.Context())
	if rec != nil && (r.Header.Get("X-Request-Id") != "" || fromBody == "") {
		return rec.id // the header's id when it was usable, else the one the middleware made
	}
	return fromBody
}
