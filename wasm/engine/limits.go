package engine

import "errors"

// ErrLimit is wrapped by load errors for a file that exceeds one of the limits below.
var ErrLimit = errors.New("loader limit exceeded")

// Limits on what a tokenizer file or model image may hold. They bound the memory a hostile file can make
// the loader allocate inside the sandbox; real files stay far below them (the largest staged vocabulary
// has 262,144 entries, the most added tokens are 6,415, in gemma-3).
const (
	// MaxFileSize bounds a tokenizer.json or an image, in bytes.
	MaxFileSize = 256 << 20
	// MaxVocab bounds the entries of a model vocabulary; every token id must also be below it.
	MaxVocab = 1<<entryBits - 1
	// MaxMerges bounds the merges of a BPE model.
	MaxMerges = 1 << 23
	// MaxAddedTokens bounds "added_tokens".
	MaxAddedTokens = 1 << 16
	// MaxDepth bounds the nesting of arrays and objects; it is serde_json's recursion limit, so HF
	// rejects deeper files too.
	MaxDepth = 128
)
