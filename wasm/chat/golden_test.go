package chat

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

// fixedClock is the clock the reference set was rendered with.
var fixedClock = time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)

type goldenChat struct {
	Template       string          `json:"template"`
	TemplateSource string          `json:"template_source"`
	Case           string          `json:"case"`
	Messages       json.RawMessage `json:"messages"`
	Options        json.RawMessage `json:"options"`
	SpecialTokens  json.RawMessage `json:"special_tokens"`
	Rendered       *string         `json:"rendered"`
	Error          *string         `json:"error"`
	Python         struct {
		Status   string  `json:"status"`
		Rendered *string `json:"rendered"`
		Error    *string `json:"error"`
	} `json:"python_jinja2"`
}

// want is what transformers (Python Jinja2) produces: the Python column where the two references differ.
func (g goldenChat) want() (rendered *string, raised *string) {
	if g.Python.Status == "DIFFERENT" {
		return g.Python.Rendered, g.Python.Error
	}
	return g.Rendered, g.Error
}

func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var r T
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// goldenTemplate reads the template a record names: "file" or "tokenizer_config.json#chat_template".
func goldenTemplate(t testing.TB, source string) string {
	t.Helper()
	file, _, fromConfig := strings.Cut(source, "#")
	data, err := os.ReadFile(reference.Path(t, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	if !fromConfig {
		return string(data)
	}
	// The reference renders the "default" template even when tools are given.
	tpl, err := SelectTemplate(data, nil, nil, "default", false)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// requestFromGolden builds the Request of a record: options other than add_generation_prompt and tools are
// template kwargs.
func requestFromGolden(t testing.TB, g goldenChat) Request {
	t.Helper()
	msgs, err := ParseJSONList(g.Messages)
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Messages: msgs, Kwargs: map[string]any{}, SpecialTokens: map[string]any{}, Now: fixedClock}
	opts, err := ParseJSON(g.Options)
	if err != nil {
		t.Fatal(err)
	}
	od := opts.(*jinja.Dict)
	for i, k := range od.Keys() {
		v := od.Values()[i]
		switch k {
		case "add_generation_prompt":
			req.AddGenerationPrompt = v.(bool)
		case "tools":
			req.Tools = v.(*jinja.List).Items
		default:
			req.Kwargs[k.(string)] = v
		}
	}
	special, err := ParseJSON(g.SpecialTokens)
	if err != nil {
		t.Fatal(err)
	}
	sd := special.(*jinja.Dict)
	for i, k := range sd.Keys() {
		req.SpecialTokens[k.(string)] = sd.Values()[i]
	}
	return req
}

func TestGoldenChat(t *testing.T) {
	files, err := filepath.Glob(reference.Path(t, "golden", "chat", "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden chat files: %v", err)
	}
	total := 0
	for _, file := range files {
		for _, g := range readJSONL[goldenChat](t, file) {
			total++
			t.Run(g.Template+"/"+g.Case, func(t *testing.T) {
				got, err := Render(goldenTemplate(t, g.TemplateSource), requestFromGolden(t, g), Limits{})
				rendered, raised := g.want()
				if raised != nil {
					var te *TemplateError
					if !errors.As(err, &te) {
						t.Fatalf("want raise_exception error %q, got output %q, err %v", *raised, got, err)
					}
					if g.Error != nil && te.Message != *g.Error {
						t.Fatalf("raised %q, want %q", te.Message, *g.Error)
					}
					return
				}
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if got != *rendered {
					t.Fatalf("rendered mismatch\n got: %q\nwant: %q", got, *rendered)
				}
			})
		}
	}
	if total != 107 {
		t.Errorf("golden chat records: %d, want 107", total)
	}
}
