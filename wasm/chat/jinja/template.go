package jinja

import "strings"

// Template is a parsed template; it is immutable and can be rendered many times.
type Template struct {
	body []node
	lim  Limits
}

// Extensions are what the embedder adds to the environment: global variables and functions
// (transformers adds raise_exception and strftime_now).
type Extensions struct {
	Globals map[string]Value
}

// Compile parses src. The parse is bounded by lim.MaxDepth.
func Compile(src string, lim Limits) (*Template, error) {
	lim = lim.withDefaults()
	body, err := parse(src, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	return &Template{body: body, lim: lim}, nil
}

// Render executes the template with vars as its context. Plain Go values in vars are converted with FromGo.
func (t *Template) Render(vars map[string]Value, ext Extensions) (string, error) {
	ev := &evaluator{
		budget: budget{lim: t.lim},
		ext:    ext,
		out:    &strings.Builder{},
	}
	root := newScope(nil)
	for k, v := range vars {
		root.set(k, fromGo(v))
	}
	if err := ev.execBody(t.body, root); err != nil {
		if err == errBreak || err == errContinue {
			return "", syntaxErrorf(0, "break or continue outside of a loop")
		}
		return "", err
	}
	return ev.out.String(), nil
}
