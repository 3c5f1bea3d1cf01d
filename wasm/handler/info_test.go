package handler

import (
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

func TestModelInfo(t *testing.T) {
	for _, c := range []struct {
		name, tokenizerConfig, config string
		want                          abi.ModelInfo
	}{
		{"no files", "", "", abi.ModelInfo{VocabSize: 7}},
		{"config in transformers' order", "", `{"n_positions": 1024, "max_position_embeddings": 2048.0}`,
			abi.ModelInfo{MaxModelLen: 2048, VocabSize: 7}},
		{"a length that is no whole number is skipped", "", `{"max_position_embeddings": 4096.5, "seq_length": 4e3}`,
			abi.ModelInfo{MaxModelLen: 4000, VocabSize: 7}},
		{"no limit", `{"model_max_length": 1e30}`, `{"max_position_embeddings": "8192", "n_positions": -1}`,
			abi.ModelInfo{VocabSize: 7}},
		{"tokenizer_config's length after config.json's", `{"model_max_length": 512}`, `{"max_position_embeddings": 40960}`,
			abi.ModelInfo{MaxModelLen: 40960, VocabSize: 7}},
		{"tokenizer_config's length alone", `{"model_max_length": 512}`, `{}`,
			abi.ModelInfo{MaxModelLen: 512, VocabSize: 7}},
		{"special tokens as strings and objects", `{"bos_token": "<s>", "eos_token": {"content": "<\/s>\u00e9", "lstrip": false}}`, "",
			abi.ModelInfo{VocabSize: 7, BOSToken: "<s>", EOSToken: "</s>é"}},
		{"the last of equal keys", `{"bos_token": "a", "nested": {"bos_token": "b"}, "bos_token": "c"}`, "",
			abi.ModelInfo{VocabSize: 7, BOSToken: "c"}},
		{"tokens of other types", `{"bos_token": null, "eos_token": {"content": 3}}`, "",
			abi.ModelInfo{VocabSize: 7}},
		{"malformed files are ignored", `{"bos_token": "<s>",}`, `{"max_position_embeddings": 2048} x`,
			abi.ModelInfo{VocabSize: 7}},
	} {
		if got := modelInfo([]byte(c.tokenizerConfig), []byte(c.config), 7); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
