package chat

import (
	"errors"

	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

// TemplateError is what a template raises with raise_exception(msg): the message is msg, unchanged. It is the
// caller's fault (a conversation the template refuses), so HTTP maps it to 400.
type TemplateError struct{ Message string }

func (e *TemplateError) Error() string { return e.Message }

// RequestError is a request that cannot be rendered as asked (continue_final_message with
// add_generation_prompt, a final message without text to continue, a reserved kwarg name, …).
type RequestError struct{ Message string }

func (e *RequestError) Error() string { return e.Message }

// The engine's error types, named here so that callers need not import the engine.
type (
	// LimitError is a render that exceeded its Limits (steps, output size or nesting depth).
	LimitError = jinja.LimitError
	// SyntaxError is a template that does not parse.
	SyntaxError = jinja.SyntaxError
	// EvalError is an error the template hit while rendering (TypeError, UndefinedError, SecurityError, …).
	EvalError = jinja.EvalError
)

var (
	// ErrNoChatTemplate means the model's files hold no chat template.
	ErrNoChatTemplate = errors.New("chat: the model has no chat template")
	// ErrInterrupted means Limits.Interrupted stopped the render.
	ErrInterrupted = jinja.ErrInterrupted
	// ErrNoClock means a template called strftime_now but the request carried no time.
	ErrNoClock = errors.New("chat: strftime_now called but Request.Now is not set")
)
