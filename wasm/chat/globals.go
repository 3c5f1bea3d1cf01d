package chat

import (
	"time"

	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

// globals are the functions transformers adds to the Jinja environment.
func globals(now time.Time) map[string]jinja.Value {
	return map[string]jinja.Value{
		"raise_exception": jinja.Func(func(args []jinja.Value, _ *jinja.Dict) (jinja.Value, error) {
			msg := ""
			if len(args) > 0 {
				msg = jinja.Str(args[0])
			}
			return nil, &TemplateError{Message: msg}
		}),
		"strftime_now": jinja.Func(func(args []jinja.Value, _ *jinja.Dict) (jinja.Value, error) {
			if now.IsZero() {
				return nil, ErrNoClock
			}
			if len(args) != 1 {
				return nil, &EvalError{Kind: "TypeError", Msg: "strftime_now() takes exactly one argument"}
			}
			format, ok := args[0].(string)
			if !ok {
				return nil, &EvalError{Kind: "TypeError", Msg: "strftime() argument 1 must be str"}
			}
			return strftime(now, format), nil
		}),
	}
}
