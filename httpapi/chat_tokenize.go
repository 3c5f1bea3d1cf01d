package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// chatFields are the chat-template fields of vLLM's messages form of /tokenize and of its chat requests.
type chatFields struct {
	Messages             json.RawMessage `json:"messages"`
	Tools                json.RawMessage `json:"tools"`
	Documents            json.RawMessage `json:"documents"`
	AddGenerationPrompt  *bool           `json:"add_generation_prompt"`
	ContinueFinalMessage bool            `json:"continue_final_message"`
	ChatTemplate         *string         `json:"chat_template"`
	ChatTemplateKwargs   json.RawMessage `json:"chat_template_kwargs"`
}

// input applies vLLM's defaults: add_generation_prompt true, continue_final_message false. The llm-d
// settings do not apply here: vLLM's callers expect the tokens vLLM itself would produce.
func (f *chatFields) input() *chatInput {
	return &chatInput{
		Messages:             f.Messages,
		Tools:                f.Tools,
		Documents:            f.Documents,
		AddGenerationPrompt:  f.AddGenerationPrompt == nil || *f.AddGenerationPrompt,
		ContinueFinalMessage: f.ContinueFinalMessage,
		ChatTemplate:         f.ChatTemplate,
		Kwargs:               f.ChatTemplateKwargs,
	}
}

// tokenizeMessages is the messages form of /tokenize: render the chat template, then tokenize the prompt
// without special tokens unless asked (the template writes them).
func (s *Server) tokenizeMessages(w http.ResponseWriter, r *http.Request, req *tokenizeRequest) {
	model, err := s.model(r, req.Model)
	if err != nil {
		writeError(w, r, err)
		return
	}
	opts := runtime.EncodeOptions{
		AddSpecialTokens: req.AddSpecialTokens != nil && *req.AddSpecialTokens,
		Offsets:          req.ReturnOffsets,
		CharOffsets:      req.ReturnOffsets,
		Tokens:           req.ReturnTokenStrs,
	}
	res, err := s.renderChat(r, model, req.chatFields.input(), true, opts)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := getOut()
	defer putOut(out)
	*out = appendTokenizeResponse((*out)[:0], []runtime.Encoding{*res.Encoding}, false, model.Info().MaxModelLen, opts)
	writeBody(w, http.StatusOK, *out)
}
