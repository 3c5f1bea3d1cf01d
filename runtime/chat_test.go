package runtime

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// chatRecord is one record of golden/chat/*.jsonl.
type chatRecord struct {
	Template       string                     `json:"template"`
	TemplateSource string                     `json:"template_source"`
	Tokenizer      *string                    `json:"tokenizer"`
	Case           string                     `json:"case"`
	Messages       json.RawMessage            `json:"messages"`
	Options        map[string]json.RawMessage `json:"options"`
	Rendered       string                     `json:"rendered"`
	IDs            []uint32                   `json:"ids"`
	Error          *string                    `json:"error"`
	Python         struct {
		Status   string   `json:"status"`
		Rendered string   `json:"rendered"`
		Error    *string  `json:"error"`
		IDs      []uint32 `json:"ids"`
	} `json:"python_jinja2"`
}

// fixedNow is the clock of the reference renderings.
var fixedNow = time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)

// TestGoldenChatThroughTheSandbox renders every golden chat record in the sandbox and tokenizes the prompt,
// expecting Python Jinja2's result (what transformers produces) where the two references differ.
func TestGoldenChatThroughTheSandbox(t *testing.T) {
	files, err := filepath.Glob(reference.Path(t, "golden", "chat", "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden chat files: %v", err)
	}
	for _, file := range files {
		records := readChatRecords(t, file)
		t.Run(records[0].Template, func(t *testing.T) {
			ctx := context.Background()
			m, err := testHost(t).Load(ctx, records[0].Template, chatModelFiles(t, records[0]))
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close(ctx)
			for _, r := range records {
				wantText, wantErr, wantIDs := r.Rendered, r.Error, r.IDs
				if r.Python.Status == "DIFFERENT" {
					wantText, wantErr, wantIDs = r.Python.Rendered, r.Python.Error, r.Python.IDs
				}
				res, err := m.RenderChat(ctx, chatRequest(t, r), fixedNow, r.Tokenizer != nil, EncodeOptions{})
				if wantErr != nil {
					if !errors.Is(err, ErrTemplate) || !strings.HasSuffix(err.Error(), *wantErr) {
						t.Errorf("%s: err = %v, want the template's error %q", r.Case, err, *wantErr)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", r.Case, err)
					continue
				}
				if res.Prompt != wantText {
					t.Errorf("%s: rendered\n%q\nwant\n%q", r.Case, res.Prompt, wantText)
				}
				if r.Tokenizer != nil && fmt.Sprint(res.Encoding.IDs) != fmt.Sprint(wantIDs) {
					t.Errorf("%s: ids %v, want %v", r.Case, res.Encoding.IDs, wantIDs)
				}
			}
		})
	}
}

func readChatRecords(t *testing.T, path string) []chatRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []chatRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r chatRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// chatModelFiles assembles a model as a repository would hold it: the template from its source (a .jinja
// file, or the chat_template of a tokenizer_config.json), the special tokens from the matching
// tokenizer_config.json, and the record's tokenizer (the Mistral one where the record renders only).
func chatModelFiles(t *testing.T, r chatRecord) Files {
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

// chatRequest is the sandbox's ChatRequest document for a record: tools apart, options are template kwargs.
func chatRequest(t *testing.T, r chatRecord) []byte {
	t.Helper()
	kwargs := map[string]json.RawMessage{}
	req := map[string]any{"messages": r.Messages, "chat_template_kwargs": kwargs}
	for k, v := range r.Options {
		switch k {
		case "add_generation_prompt", "tools":
			req[k] = v
		default:
			kwargs[k] = v
		}
	}
	data, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
