package jinja

import "fmt"

// SyntaxError is a template that does not parse (Jinja2's TemplateSyntaxError).
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("template syntax error (line %d): %s", e.Line, e.Msg)
}

func syntaxErrorf(line int, format string, args ...any) error {
	return &SyntaxError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// EvalError is an error raised while rendering, named after the Python exception Jinja2 raises in the same
// situation (TypeError, UndefinedError, SecurityError, ValueError, …).
type EvalError struct {
	Kind string
	Msg  string
}

func (e *EvalError) Error() string { return e.Kind + ": " + e.Msg }

func typeErrorf(format string, args ...any) error {
	return &EvalError{Kind: "TypeError", Msg: fmt.Sprintf(format, args...)}
}

func valueErrorf(format string, args ...any) error {
	return &EvalError{Kind: "ValueError", Msg: fmt.Sprintf(format, args...)}
}

func undefinedErrorf(format string, args ...any) error {
	return &EvalError{Kind: "UndefinedError", Msg: fmt.Sprintf(format, args...)}
}

// LimitError reports that a render exceeded one of its Limits.
type LimitError struct {
	Limit string // "steps", "output" or "depth"
	Max   int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("template exceeded its %s limit (%d)", e.Limit, e.Max)
}
