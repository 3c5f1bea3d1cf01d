package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// fixedNow is the clock of the reference renderings.
var fixedNow = time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)

// TestGoldenChatThroughTheSandbox renders every golden chat record in the sandbox and tokenizes the prompt,
// expecting Python Jinja2's result (what transformers produces) where the two references differ.
func TestGoldenChatThroughTheSandbox(t *testing.T) {
	for _, template := range reference.ChatTemplates(t) {
		records := reference.GoldenChat(t, template)
		t.Run(template, func(t *testing.T) {
			ctx := context.Background()
			m, err := testHost(t).Load(ctx, template, chatModelFiles(t, records[0]))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close(ctx)
			for _, r := range records {
				req, err := json.Marshal(r.ChatRequest())
				if err != nil {
					t.Fatal(err)
				}
				res, err := m.RenderChat(ctx, req, fixedNow, r.Tokenizer != nil, EncodeOptions{})
				if r.Error != nil {
					if !errors.Is(err, ErrTemplate) || !strings.HasSuffix(err.Error(), *r.Error) {
						t.Errorf("%s: err = %v, want the template's error %q", r.Case, err, *r.Error)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", r.Case, err)
					continue
				}
				if res.Prompt != r.Rendered {
					t.Errorf("%s: rendered\n%q\nwant\n%q", r.Case, res.Prompt, r.Rendered)
				}
				if r.Tokenizer != nil && fmt.Sprint(res.Encoding.IDs) != fmt.Sprint(r.IDs) {
					t.Errorf("%s: ids %v, want %v", r.Case, res.Encoding.IDs, r.IDs)
				}
			}
		})
	}
}

// chatModelFiles assembles a model as a repository would hold it: the template from its source (a .jinja
// file, or the chat_template of a tokenizer_config.json), the special tokens from the matching
// tokenizer_config.json, and the record's tokenizer (the Mistral one where the record renders only).
func chatModelFiles(t *testing.T, r reference.ChatRecord) Files {
	t.Helper()
	tokenizer := "mistralai/Mistral-7B-v0.1"
	if r.Tokenizer != nil {
		tokenizer = *r.Tokenizer
	}
	files := referenceFiles(t, tokenizer)
	source := strings.TrimSuffix(r.TemplateSource, "#chat_template")
	data, err := os.ReadFile(reference.Path(t, source))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(source, ".jinja") {
		files.ChatTemplateJinja = data
		if cfg, err := os.ReadFile(reference.Path(t, "templates", r.Template+".tokenizer_config.json")); err == nil {
			files.TokenizerConfig = cfg
		}
	} else {
		files.TokenizerConfig = data
	}
	return files
}

// TestChatRunsInItsOwnSandbox checks the split between the guests: a chat request starts an instance of the
// chat guest next to the model's tokenizer instance, and its prompt is tokenized by the tokenizer guest, in
// both backends.
func TestChatRunsInItsOwnSandbox(t *testing.T) {
	for _, inProcess := range []bool{false, true} {
		t.Run(fmt.Sprintf("in-process=%v", inProcess), func(t *testing.T) {
			ctx := context.Background()
			h := testHost(t)
			if inProcess {
				var err error
				if h, err = NewHost(ctx, Config{InProcess: true}); err != nil {
					t.Fatal(err)
				}
			}
			files := Files{TokenizerJSON: []byte(tinyTokenizer), ChatTemplateJinja: []byte("{% for m in messages %}{{ m.content }}{% endfor %}")}
			m, err := h.Load(ctx, "tiny", files)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close(ctx)
			<-m.imageReady()
			if got := m.Stats().Instances; got != 1 {
				t.Fatalf("%d instances before any chat request, want the tokenizer's only", got)
			}
			res, err := m.RenderChat(ctx, []byte(`{"messages":[{"role":"user","content":"ab"},{"role":"user","content":"a"}]}`), fixedNow, true, EncodeOptions{Tokens: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Prompt != "aba" || fmt.Sprint(res.Encoding.IDs) != "[2 0]" || fmt.Sprint(res.Encoding.Tokens) != "[ab a]" {
				t.Fatalf("got %q %v %q, want \"aba\" [2 0] [ab a]", res.Prompt, res.Encoding.IDs, res.Encoding.Tokens)
			}
			if got := m.Stats().Instances; got != 2 {
				t.Fatalf("%d instances after a chat request, want a tokenizer and a chat instance", got)
			}
		})
	}
}
