package chat

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

// requestFromContext maps a testdata context (the keyword arguments of apply_chat_template) onto a Request.
func requestFromContext(t *testing.T, path string) Request {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, err := ParseJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Kwargs: map[string]any{}, SpecialTokens: map[string]any{}, Now: fixedClock}
	d := ctx.(*jinja.Dict)
	for i, k := range d.Keys() {
		v := d.Values()[i]
		switch name := k.(string); name {
		case "messages":
			req.Messages = v.(*jinja.List).Items
		case "tools":
			req.Tools = v.(*jinja.List).Items
		case "add_generation_prompt":
			req.AddGenerationPrompt = v.(bool)
		case "continue_final_message":
			req.ContinueFinalMessage = v.(bool)
		case "bos_token", "eos_token":
			req.SpecialTokens[name] = v
		default:
			req.Kwargs[name] = v
		}
	}
	return req
}

// TestTemplatesNotInReference renders templates written for this package. Each .want file is the output of
// Python Jinja2 3.1.6 (Debian python3-jinja2) set up like transformers (trim_blocks, lstrip_blocks,
// loopcontrols, transformers' tojson/raise_exception/strftime_now with the clock at 2025-07-10T12:00:00),
// with transformers' continue_final_message cut applied for tools_continue; they were produced by hand
// while developing, not by this package.
func TestTemplatesNotInReference(t *testing.T) {
	for _, c := range []struct{ name, template string }{
		{"tree", "tree.jinja"},            // macros, call blocks, namespace(), loop filters, recursive loops, filters
		{"tools", "tools.jinja"},          // tools, tool calls, content parts, strftime_now, kwargs
		{"tools_continue", "tools.jinja"}, // continue_final_message on a list of content parts
	} {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := os.ReadFile(filepath.Join("testdata", c.template))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", c.name+".want"))
			if err != nil {
				t.Fatal(err)
			}
			req := requestFromContext(t, filepath.Join("testdata", c.name+".context.json"))
			got, err := Render(string(tpl), req, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Fatalf("mismatch\n got: %q\nwant: %q", got, want)
			}
		})
	}
}

func TestContinueFinalMessageConflictsWithGenerationPrompt(t *testing.T) {
	req := Request{
		Messages:             []any{map[string]any{"role": "assistant", "content": "Hi"}},
		AddGenerationPrompt:  true,
		ContinueFinalMessage: true,
	}
	_, err := Render("{{ messages[0].content }}", req, Limits{})
	var re *RequestError
	if !errorsAs(err, &re) || !strings.HasPrefix(re.Message, "continue_final_message and add_generation_prompt are not compatible") {
		t.Fatalf("want the transformers conflict error, got %v", err)
	}
}

func TestContinueFinalMessageCutsAfterContent(t *testing.T) {
	const tpl = "{% for m in messages %}<{{ m.role }}>{{ m.content | trim }}</{{ m.role }}>{% endfor %}"
	for _, c := range []struct{ content, want string }{
		// The template keeps the text's end: cut right where the tag landed.
		{"The answer is", "<user>Q</user><assistant>The answer is"},
		// The template trims the content (and so the tag's space): cut, then strip the trailing space.
		{"The answer is  ", "<user>Q</user><assistant>The answer is"},
	} {
		req := Request{
			Messages: []any{
				map[string]any{"role": "user", "content": "Q"},
				map[string]any{"role": "assistant", "content": c.content},
			},
			ContinueFinalMessage: true,
		}
		got, err := Render(tpl, req, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("content %q: got %q, want %q", c.content, got, c.want)
		}
	}
}

func TestContinueFinalMessageErrors(t *testing.T) {
	for name, c := range map[string]struct {
		tpl  string
		last map[string]any
	}{
		"no text part":           {"{{ messages }}content", map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "image"}}}},
		"template drops it":      {"{% for m in messages %}{{ m.role }}{% endfor %} content", map[string]any{"role": "assistant", "content": "x"}},
		"no content field":       {"{{ messages }}content", map[string]any{"role": "assistant"}},
		"template lacks content": {"{{ messages }}", map[string]any{"role": "assistant", "content": "x"}},
	} {
		_, err := Render(c.tpl, Request{Messages: []any{c.last}, ContinueFinalMessage: true}, Limits{})
		var re *RequestError
		if !errorsAs(err, &re) {
			t.Errorf("%s: want a RequestError, got %v", name, err)
		}
	}
}
