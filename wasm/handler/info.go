package handler

import (
	"math"
	"strconv"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// contextLengthKeys are the config.json fields that carry a model's context length, in the order
// transformers' and vLLM's config helpers consult them.
var contextLengthKeys = []string{"max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "max_sequence_length", "model_max_length"}

// modelInfo reads what the service reports about a model from its optional config files. Malformed optional
// files are ignored, as transformers ignores missing ones: they never stop a tokenizer from loading.
func modelInfo(tokenizerConfig, config []byte, vocabSize int) abi.ModelInfo {
	info := abi.ModelInfo{VocabSize: uint32(vocabSize)}
	lengths := members(config, contextLengthKeys)
	for i := range contextLengthKeys {
		if n, ok := positiveLength(lengths[i]); ok {
			info.MaxModelLen = n
			break
		}
	}
	tc := members(tokenizerConfig, []string{"model_max_length", "bos_token", "eos_token"})
	if info.MaxModelLen == 0 {
		// transformers writes 1e30 here to mean "no limit".
		info.MaxModelLen, _ = positiveLength(tc[0])
	}
	info.BOSToken = tokenContent(tc[1])
	info.EOSToken = tokenContent(tc[2])
	return info
}

// members returns the raw values of the object doc's members named keys, in keys' order: nil where absent,
// the last one where a key repeats (as Python's json and encoding/json keep), all nil when doc is not a
// valid JSON object.
func members(doc []byte, keys []string) [][]byte {
	values := make([][]byte, len(keys))
	s := jsonscan.New(doc, engine.DefaultLimits().MaxDepth)
	for key := range s.Members() {
		value := s.Skip()
		for i, k := range keys {
			if string(key) == k {
				values[i] = value
			}
		}
	}
	if s.Finish() != nil {
		clear(values)
	}
	return values
}

// positiveLength reads a whole number from 1 to MaxUint32, written as any JSON number (4096, 4096.0, 4e3).
func positiveLength(raw []byte) (uint32, bool) {
	s := jsonscan.New(raw, 1)
	if s.Peek() != jsonscan.Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(s.Number()), 64)
	if err != nil || f < 1 || f > math.MaxUint32 || f != math.Trunc(f) {
		return 0, false
	}
	return uint32(f), true
}

// tokenContent reads a special token given as a string or as an AddedToken object {"content": …}.
func tokenContent(raw []byte) string {
	s := jsonscan.New(raw, engine.DefaultLimits().MaxDepth)
	if s.Peek() == jsonscan.Object {
		s = jsonscan.New(members(raw, []string{"content"})[0], 1)
	}
	if s.Peek() != jsonscan.String {
		return ""
	}
	return string(s.String())
}
