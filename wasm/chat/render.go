package chat

import (
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

// Request is one apply_chat_template call.
//
// Messages, Tools and Documents are lists of JSON objects. Python dicts keep their key order and templates
// print it (tool | tojson), so pass objects decoded with ParseJSON / ParseJSONList (ordered); plain
// map[string]any values are accepted too, with their keys sorted.
type Request struct {
	Messages             []any
	Tools                []any // nil: the template sees tools = None, as in transformers
	Documents            []any // nil: documents = None
	AddGenerationPrompt  bool
	ContinueFinalMessage bool
	// Kwargs are extra template variables: enable_thinking, reasoning_effort, everything in
	// chat_template_kwargs, merged by the caller. They override special tokens of the same name.
	Kwargs map[string]any
	// SpecialTokens are bos_token, eos_token, … as strings and additional_special_tokens as a list
	// (SpecialTokensFromConfig builds it).
	SpecialTokens map[string]any
	// Now is the clock strftime_now reads; the guest gets it from the host. Zero makes strftime_now fail.
	Now time.Time
}

// Limits bound one render; zero fields take the engine's defaults (jinja.Default*).
type Limits struct {
	MaxSteps       int
	MaxOutputBytes int
	MaxDepth       int
	Interrupted    func() bool // polled during the render; true stops it with ErrInterrupted
}

// reservedNames are the variables apply_chat_template passes itself; a kwarg of the same name is a
// TypeError in Python (multiple values for keyword argument).
var reservedNames = [...]string{"messages", "tools", "documents", "add_generation_prompt"}

// Render renders template for req as transformers' apply_chat_template(tokenize=False) does.
func Render(template string, req Request, lim Limits) (string, error) {
	if req.ContinueFinalMessage && req.AddGenerationPrompt {
		return "", &RequestError{Message: "continue_final_message and add_generation_prompt are not compatible. " +
			"Use continue_final_message when you want the model to continue the final message, and " +
			"add_generation_prompt when you want to add a header that will prompt it to start a new assistant message instead."}
	}
	messages := make([]any, len(req.Messages))
	for i, m := range req.Messages {
		messages[i] = jinja.FromGo(m)
	}
	var cont *continuation
	if req.ContinueFinalMessage {
		var err error
		if cont, err = markFinalMessage(template, messages); err != nil {
			return "", err
		}
	}
	vars := make(map[string]jinja.Value, len(req.SpecialTokens)+len(req.Kwargs)+4)
	for k, v := range req.SpecialTokens {
		vars[k] = v
	}
	for k, v := range req.Kwargs {
		for _, r := range reservedNames {
			if k == r {
				return "", &RequestError{Message: "template kwarg '" + k + "' is reserved"}
			}
		}
		vars[k] = v
	}
	vars["messages"] = messages
	vars["tools"] = listOrNone(req.Tools)
	vars["documents"] = listOrNone(req.Documents)
	vars["add_generation_prompt"] = req.AddGenerationPrompt

	t, err := jinja.Compile(template, jinja.Limits(lim))
	if err != nil {
		return "", err
	}
	out, err := t.Render(vars, jinja.Extensions{Globals: globals(req.Now)})
	if err != nil {
		return "", err
	}
	if cont != nil {
		return cont.cut(out)
	}
	return out, nil
}

func listOrNone(items []any) jinja.Value {
	if items == nil {
		return nil
	}
	return items
}
