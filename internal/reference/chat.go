package reference

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ChatRecord is one record of golden/chat/*.jsonl: a chat-template rendering of the reference.
type ChatRecord struct {
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

// ChatTemplates lists the templates of golden/chat ("Qwen__Qwen3", …).
func ChatTemplates(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(Path(tb, "golden", "chat", "*.jsonl"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no golden chat files: %v", err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".jsonl")
	}
	return names
}

// GoldenChat reads the records of one template. Where @huggingface/jinja and Python Jinja2 differ, the
// record's Rendered, Error and IDs are replaced by Python's: that is what transformers produces.
func GoldenChat(tb testing.TB, template string) []ChatRecord {
	tb.Helper()
	f, err := os.Open(Path(tb, "golden", "chat", template+".jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []ChatRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r ChatRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		if r.Python.Status == "DIFFERENT" {
			r.Rendered, r.Error, r.IDs = r.Python.Rendered, r.Python.Error, r.Python.IDs
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// ChatRequest is the record as a vLLM-style chat request (and the sandbox's ChatRequest document):
// add_generation_prompt and tools as fields, every other option as a template kwarg. Values stay raw JSON, so
// their key order is the reference's.
func (r ChatRecord) ChatRequest() map[string]any {
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
	return req
}
