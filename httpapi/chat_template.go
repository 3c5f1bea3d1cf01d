package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// chatTemplate is llm-d's POST /chat-template: the body is a JSON list of messages, or a batch of such lists
// of which only the first is rendered (as llm-d's server does); the answer is the prompt as text/plain.
// add_generation_prompt and enable_thinking come from the settings (ADD_GENERATION_PROMPT, ENABLE_THINKING,
// POST /config), since the request cannot carry them.
func (s *Server) chatTemplate(w http.ResponseWriter, r *http.Request) {
	messages, err := s.readMessageList(w, r)
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	settings, model, err := s.llmdModel(r)
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	in := &chatInput{
		Messages:            messages,
		AddGenerationPrompt: settings.AddGenerationPrompt,
		defaultKwargs:       []kwarg{{name: "enable_thinking", value: strconv.AppendBool(nil, settings.EnableThinking)}},
	}
	res, err := s.renderChat(r, model, in, false, runtime.EncodeOptions{})
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(res.Prompt)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(res.Prompt))
}

// readMessageList reads llm-d's body: [{…}, …] or [[{…}, …], …], and returns the messages to render. The
// messages themselves stay raw: the sandbox judges them.
func (s *Server) readMessageList(w http.ResponseWriter, r *http.Request) (json.RawMessage, error) {
	data, release, err := s.readBody(w, r)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := checkJSONText(data); err != nil {
		return nil, err
	}
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, badRequest("", "Invalid JSON: the body must be a list of messages or a list of such lists: "+err.Error())
	}
	if len(list) > 0 && firstByte(list[0]) == '[' {
		return list[0], nil // a batch: llm-d renders its first conversation (Unmarshal copied it)
	}
	return bytes.Clone(data), nil // data goes back to the pool
}
