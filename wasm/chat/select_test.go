package chat

import (
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/chat/jinja"
)

func TestSelectTemplate(t *testing.T) {
	named := []byte(`{"chat_template": [{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}, {"name": "rag", "template": "R"}]}`)
	single := []byte(`{"chat_template": "S", "bos_token": "<s>"}`)
	noDefault := []byte(`{"chat_template": [{"name": "a", "template": "A"}, {"name": "b", "template": "B"}]}`)
	for _, c := range []struct {
		name                 string
		config, jinja, jsonT []byte
		pick                 string
		tools                bool
		want                 string
		wantErr              bool
	}{
		{name: "single template", config: single, want: "S"},
		{name: "single template named default", config: single, pick: "default", want: "S"},
		{name: "single template, other name", config: single, pick: "rag", wantErr: true},
		{name: "named: default", config: named, want: "D"},
		{name: "named: tools pick tool_use", config: named, tools: true, want: "T"},
		{name: "named: explicit name wins over tools", config: named, pick: "rag", tools: true, want: "R"},
		{name: "named: unknown name", config: named, pick: "nope", wantErr: true},
		{name: "named: no default", config: noDefault, wantErr: true},
		{name: "chat_template.jinja replaces the config's", config: named, jinja: []byte("J"), want: "J"},
		{name: "chat_template.json before the config", config: single, jsonT: []byte(`{"chat_template": "JS"}`), want: "JS"},
		{name: "no template anywhere", config: []byte(`{"bos_token": "<s>"}`), wantErr: true},
	} {
		got, err := SelectTemplate(c.config, c.jinja, c.jsonT, c.pick, c.tools)
		if c.wantErr {
			if !errors.Is(err, ErrNoChatTemplate) {
				t.Errorf("%s: want ErrNoChatTemplate, got %q, %v", c.name, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := SelectTemplate([]byte(`{"chat_template": 5}`), nil, nil, "", false); err == nil {
		t.Error("a chat_template that is neither string nor list must fail")
	}
}

// The special tokens read from each staged tokenizer_config.json must be those the reference rendered with.
func TestSpecialTokensFromConfigMatchGolden(t *testing.T) {
	for _, c := range []struct{ config, golden string }{
		{"tokenizers/Qwen/Qwen3/tokenizer_config.json", "Qwen__Qwen3.jsonl"},
		{"tokenizers/meta-llama/Meta-Llama-3-8B-Instruct/tokenizer_config.json", "meta-llama__Meta-Llama-3-8B-Instruct.jsonl"},
		{"tokenizers/google/gemma-3/tokenizer_config.json", "google__gemma-3.jsonl"},
		{"tokenizers/microsoft/Phi-3-mini-4k-instruct/tokenizer_config.json", "microsoft__Phi-3-mini-4k-instruct.jsonl"},
		{"tokenizers/deepseek-ai/DeepSeek-V3/tokenizer_config.json", "deepseek-ai__DeepSeek-V3.jsonl"},
		{"tokenizers/openai/gpt-oss/tokenizer_config.json", "openai__gpt-oss.jsonl"},
		{"templates/HuggingFaceTB__SmolLM3-3B.tokenizer_config.json", "HuggingFaceTB__SmolLM3-3B.jsonl"},
	} {
		data, err := os.ReadFile(reference.Path(t, c.config))
		if err != nil {
			t.Fatal(err)
		}
		got, err := SpecialTokensFromConfig(data)
		if err != nil {
			t.Fatalf("%s: %v", c.config, err)
		}
		g := readJSONL[goldenChat](t, reference.Path(t, "golden", "chat", c.golden))[0]
		want := requestFromGolden(t, g).SpecialTokens
		if l, ok := want["additional_special_tokens"].(*jinja.List); ok {
			want["additional_special_tokens"] = l.Items
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", c.config, got, want)
		}
	}
}

func TestSpecialTokensFromConfigForms(t *testing.T) {
	got, err := SpecialTokensFromConfig([]byte(`{
		"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
		"eos_token": "</s>", "pad_token": null, "unk_token": "",
		"additional_special_tokens": ["<a>", {"content": "<b>"}], "chat_template": "x"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"bos_token": "<s>", "eos_token": "</s>", "additional_special_tokens": []any{"<a>", "<b>"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	empty, err := SpecialTokensFromConfig([]byte(`{"additional_special_tokens": []}`))
	if err != nil || len(empty) != 0 {
		t.Fatalf("an empty additional_special_tokens list is left out: %v, %v", empty, err)
	}
}
