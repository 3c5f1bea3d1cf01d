package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// chatInput is one chat-template rendering as the endpoints read it. The host never looks inside messages,
// tools, documents or kwarg values: they stay raw JSON, so that the key order templates print is the
// client's, and everything about them is judged in the sandbox.
type chatInput struct {
	Messages             json.RawMessage
	Tools                json.RawMessage // null or absent: the template sees tools = None
	Documents            json.RawMessage
	AddGenerationPrompt  bool
	ContinueFinalMessage bool
	ChatTemplate         *string         // a template name or a template; nil: the model's own
	Kwargs               json.RawMessage // chat_template_kwargs: null or an object
	// defaultKwargs are added to Kwargs unless the request sets them: the service's enable_thinking, an
	// OpenAI request's reasoning_effort. Values are JSON.
	defaultKwargs []kwarg
}

type kwarg struct {
	name  string
	value []byte
}

// check refuses the shapes that the sandbox would refuse less clearly, and a template the configuration
// does not allow.
func (in *chatInput) check(allowTemplate bool) error {
	if c := firstByte(in.Messages); c != '[' {
		if c == 0 || c == 'n' {
			return badRequest("messages", "messages is required")
		}
		return badRequest("messages", "messages must be a list of message objects")
	}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
	}{{"tools", in.Tools}, {"documents", in.Documents}} {
		if c := firstByte(f.raw); c != 0 && c != 'n' && c != '[' {
			return badRequest(f.name, f.name+" must be a list")
		}
	}
	if c := firstByte(in.Kwargs); c != 0 && c != 'n' && c != '{' {
		return badRequest("chat_template_kwargs", "chat_template_kwargs must be an object")
	}
	if in.ContinueFinalMessage && in.AddGenerationPrompt {
		return badRequest("continue_final_message", "continue_final_message and add_generation_prompt are not compatible; "+
			"set add_generation_prompt to false to continue the final message")
	}
	if in.ChatTemplate != nil && !allowTemplate && hasJinjaMarkup(*in.ChatTemplate) {
		return badRequest("chat_template", "this server does not accept chat templates in requests (ALLOW_REQUEST_CHAT_TEMPLATE); "+
			"name one of the model's templates or leave chat_template out")
	}
	return nil
}

// hasJinjaMarkup tells a template from a name. A string without Jinja delimiters is inert whatever it is:
// the sandbox takes it as the name of one of the model's templates, or, as transformers does with a name
// it does not know, renders it as the literal text it is.
func hasJinjaMarkup(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%") || strings.Contains(s, "{#")
}

// document is the sandbox's ChatRequest JSON document (see wasm/abi).
func (in *chatInput) document() ([]byte, error) {
	b := make([]byte, 0, 128+len(in.Messages)+len(in.Tools)+len(in.Documents)+len(in.Kwargs))
	b = append(b, `{"messages":`...)
	b = append(b, in.Messages...)
	if len(in.Tools) > 0 {
		b = append(append(b, `,"tools":`...), in.Tools...)
	}
	if len(in.Documents) > 0 {
		b = append(append(b, `,"documents":`...), in.Documents...)
	}
	b = append(b, `,"add_generation_prompt":`...)
	b = appendBool(b, in.AddGenerationPrompt)
	b = append(b, `,"continue_final_message":`...)
	b = appendBool(b, in.ContinueFinalMessage)
	if in.ChatTemplate != nil {
		b = append(b, `,"chat_template":`...)
		b = appendJSONString(b, *in.ChatTemplate)
	}
	kwargs, err := in.kwargs()
	if err != nil {
		return nil, err
	}
	b = append(append(b, `,"chat_template_kwargs":`...), kwargs...)
	return append(b, '}'), nil
}

// kwargs is the request's chat_template_kwargs object with the default kwargs it does not set put first;
// the request's own entries keep their bytes.
func (in *chatInput) kwargs() ([]byte, error) {
	own := bytes.TrimSpace(in.Kwargs)
	if len(own) == 0 || own[0] == 'n' {
		own = []byte("{}")
	}
	var set map[string]json.RawMessage
	if len(in.defaultKwargs) > 0 {
		if err := json.Unmarshal(own, &set); err != nil {
			return nil, badRequest("chat_template_kwargs", "chat_template_kwargs must be an object")
		}
	}
	b := []byte{'{'}
	for _, kw := range in.defaultKwargs {
		if _, ok := set[kw.name]; ok {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(appendJSONString(b, kw.name), ':')
		b = append(b, kw.value...)
	}
	rest := bytes.TrimSpace(own[1:])
	if len(b) > 1 && rest[0] != '}' {
		b = append(b, ',')
	}
	return append(b, rest...), nil
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// renderChat renders in with the model's template in its sandbox; with tokenize set the prompt is also
// encoded with opts.
func (s *Server) renderChat(r *http.Request, model *runtime.Model, in *chatInput, tokenize bool, opts runtime.EncodeOptions) (runtime.ChatResult, error) {
	if err := in.check(s.cfg.AllowRequestChatTemplate); err != nil {
		return runtime.ChatResult{}, err
	}
	doc, err := in.document()
	if err != nil {
		return runtime.ChatResult{}, err
	}
	return model.RenderChat(r.Context(), doc, s.now(), tokenize, opts)
}
