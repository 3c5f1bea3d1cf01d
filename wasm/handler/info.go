package handler

import (
	"encoding/json"
	"math"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// contextLengthKeys are the config.json fields that carry a model's context length, in the order
// transformers' and vLLM's config helpers consult them.
var contextLengthKeys = []string{"max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "max_sequence_length", "model_max_length"}

// modelInfo reads what the service reports about a model from its optional config files. Malformed optional
// files are ignored, as transformers ignores missing ones: they never stop a tokenizer from loading.
func modelInfo(tokenizerConfig, config []byte, vocabSize int) abi.ModelInfo {
	info := abi.ModelInfo{VocabSize: uint32(vocabSize)}
	var cfg map[string]any
	if json.Unmarshal(config, &cfg) == nil {
		for _, key := range contextLengthKeys {
			if n, ok := positiveLength(cfg[key]); ok {
				info.MaxModelLen = n
				break
			}
		}
	}
	var tc map[string]any
	if json.Unmarshal(tokenizerConfig, &tc) == nil {
		if info.MaxModelLen == 0 {
			// transformers writes 1e30 here to mean "no limit".
			info.MaxModelLen, _ = positiveLength(tc["model_max_length"])
		}
		info.BOSToken = tokenContent(tc["bos_token"])
		info.EOSToken = tokenContent(tc["eos_token"])
	}
	return info
}

func positiveLength(v any) (uint32, bool) {
	f, ok := v.(float64)
	if !ok || f < 1 || f > math.MaxUint32 || f != math.Trunc(f) {
		return 0, false
	}
	return uint32(f), true
}

// tokenContent reads a special token given as a string or as an AddedToken object {"content": …}.
func tokenContent(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["content"].(string)
		return s
	}
	return ""
}
