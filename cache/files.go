package cache

import "slices"

// RequiredFile is the one file a model cannot do without.
const RequiredFile = "tokenizer.json"

// modelFiles are the files a tokenizer may need (PROTOCOLS §5), the required one first. Only these are
// downloaded and only these can be read through Model.ReadFile.
var modelFiles = []string{
	RequiredFile,
	"tokenizer_config.json",
	"special_tokens_map.json",
	"added_tokens.json",
	"vocab.json",
	"merges.txt",
	"config.json",
	"generation_config.json",
	"chat_template.jinja",
	"chat_template.json",
}

// FileNames lists the files a model folder may hold, tokenizer.json first.
func FileNames() []string { return slices.Clone(modelFiles) }

func isModelFile(name string) bool { return slices.Contains(modelFiles, name) }
