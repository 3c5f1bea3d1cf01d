package chathandler

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/chat"
	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
	"github.com/tokenizerd/tokenizerd/wasm/reply"
)

// Handler serves one model's chat template, one call at a time. Results alias its output buffer and stay
// valid until the next call.
type Handler struct {
	// Canceled is polled while a template renders; true stops the call with abi.StatusCanceled.
	Canceled func() bool

	files *chatFiles
	reply reply.Buffer
}

// chatFiles are the loaded model's template sources; templates are picked per request (a named template,
// tools or not).
type chatFiles struct {
	tokenizerConfig, templateJinja, templateJSON []byte
	specialTokens                                map[string]any
}

// Load reads a ChatLoadRequest frame: the model's chat files. Templates are parsed when a request picks
// one, so a model whose template is broken still loads, and answers each chat request with the error.
func (h *Handler) Load(req []byte) (status abi.Status, out []byte) {
	defer h.reply.Recover(&status, &out)
	h.reply.Begin()
	files, err := abi.Files(req, len(abi.ChatFiles))
	if err != nil {
		return h.reply.Fail(abi.StatusBadRequest, fmt.Errorf("chat load request: %w", err))
	}
	for i := range files {
		files[i] = bytes.Clone(files[i]) // they alias req, which the caller reuses
	}
	f := &chatFiles{tokenizerConfig: files[0], templateJinja: files[1], templateJSON: files[2]}
	if len(f.tokenizerConfig) > 0 {
		// A config that cannot be read leaves the special tokens unset, as a model without them.
		f.specialTokens, _ = chat.SpecialTokensFromConfig(f.tokenizerConfig)
	}
	h.files = f
	return abi.StatusOK, h.reply.Keep(h.reply.Empty())
}

// Render reads a RenderRequest frame and answers a RenderResult.
func (h *Handler) Render(data []byte) (status abi.Status, out []byte) {
	defer h.reply.Recover(&status, &out)
	h.reply.Begin()
	if h.files == nil {
		return h.reply.Fail(abi.StatusNotLoaded, errors.New("no chat files loaded"))
	}
	r := abi.NewReader(data)
	lo, hi := r.U32(), r.U32()
	doc := r.Bytes()
	if err := r.Done(); err != nil {
		return h.reply.Fail(abi.StatusBadRequest, err)
	}
	req, templateName, err := parseChatRequest(doc)
	if err != nil {
		return h.reply.Fail(abi.StatusBadRequest, err)
	}
	req.SpecialTokens = h.files.specialTokens
	req.Now = time.Unix(0, int64(uint64(hi)<<32|uint64(lo))).UTC()
	template, err := h.files.template(templateName, req.Tools != nil)
	if err != nil {
		return h.reply.Fail(chatStatus(err), err)
	}
	prompt, err := chat.Render(template, req, chat.Limits{Interrupted: h.Canceled})
	if err != nil {
		return h.reply.Fail(chatStatus(err), err)
	}
	return abi.StatusOK, h.reply.Keep(abi.AppendBytes(h.reply.Empty(), prompt))
}

// chatTemplate picks the model's template, or takes the request's own: transformers treats a chat_template
// argument as the name of one of the model's templates when it is one, else as the template itself.
func (f *chatFiles) template(name string, hasTools bool) (string, error) {
	template, err := chat.SelectTemplate(f.tokenizerConfig, f.templateJinja, f.templateJSON, name, hasTools)
	if err != nil && name != "" {
		return name, nil
	}
	return template, err
}

func chatStatus(err error) abi.Status {
	var re *chat.RequestError
	switch {
	case errors.Is(err, chat.ErrNoChatTemplate):
		return abi.StatusNoTemplate
	case errors.As(err, &re):
		return abi.StatusBadRequest
	case errors.Is(err, chat.ErrInterrupted):
		return abi.StatusCanceled
	}
	return abi.StatusTemplate
}

// parseChatRequest reads the ChatRequest document of the abi (key order kept: templates print it).
func parseChatRequest(doc []byte) (chat.Request, string, error) {
	var req chat.Request
	v, err := chat.ParseJSON(doc)
	if err != nil {
		return req, "", err
	}
	d, ok := v.(*jinja.Dict)
	if !ok {
		return req, "", errors.New("chat request: not a JSON object")
	}
	if req.Messages, err = listField(d, "messages"); err != nil {
		return req, "", err
	}
	if req.Messages == nil {
		return req, "", errors.New("chat request: messages is required")
	}
	if req.Tools, err = listField(d, "tools"); err != nil {
		return req, "", err
	}
	if req.Documents, err = listField(d, "documents"); err != nil {
		return req, "", err
	}
	if req.AddGenerationPrompt, err = boolField(d, "add_generation_prompt"); err != nil {
		return req, "", err
	}
	if req.ContinueFinalMessage, err = boolField(d, "continue_final_message"); err != nil {
		return req, "", err
	}
	req.Kwargs = map[string]any{}
	if kw, ok := d.Get("chat_template_kwargs"); ok && kw != nil {
		kwargs, ok := kw.(*jinja.Dict)
		if !ok {
			return req, "", errors.New("chat request: chat_template_kwargs must be an object")
		}
		for i, k := range kwargs.Keys() {
			name, ok := k.(string)
			if !ok {
				return req, "", errors.New("chat request: chat_template_kwargs keys must be strings")
			}
			req.Kwargs[name] = kwargs.Values()[i]
		}
	}
	var name string
	if t, ok := d.Get("chat_template"); ok && t != nil {
		if name, ok = t.(string); !ok {
			return req, "", errors.New("chat request: chat_template must be a string")
		}
	}
	return req, name, nil
}

func listField(d *jinja.Dict, key string) ([]any, error) {
	v, ok := d.Get(key)
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.(*jinja.List)
	if !ok {
		return nil, fmt.Errorf("chat request: %s must be a list", key)
	}
	items := make([]any, len(l.Items))
	for i, it := range l.Items {
		items[i] = it
	}
	return items, nil
}

func boolField(d *jinja.Dict, key string) (bool, error) {
	v, ok := d.Get(key)
	if !ok || v == nil {
		return false, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("chat request: %s must be true or false", key)
	}
	return b, nil
}
