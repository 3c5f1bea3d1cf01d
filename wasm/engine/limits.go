package engine

import "errors"

// ErrLimit is wrapped by load errors for a file that exceeds one of its Limits.
var ErrLimit = errors.New("loader limit exceeded")

// Limits bound what a tokenizer file may hold, and so the memory a hostile file can make the loader
// allocate inside the sandbox. The defaults stay far above real files: the largest staged vocabulary has
// 262,144 entries and 514,906 merges, the most added tokens are 6,415 (gemma-3).
type Limits struct {
	// MaxFileSize bounds a tokenizer.json or an image, in bytes.
	MaxFileSize int
	// MaxVocab bounds the entries of a model vocabulary; every token id must also be below it. It cannot
	// exceed 1<<22 - 1, the size of the vocabulary index's entry field.
	MaxVocab int
	// MaxMerges bounds the merges of a BPE model.
	MaxMerges int
	// MaxAddedTokens bounds "added_tokens".
	MaxAddedTokens int
	// MaxDepth bounds the nesting of arrays and objects. The default is serde_json's recursion limit:
	// HF rejects deeper files too.
	MaxDepth int
}

// maxVocabEntries is the most entries a vocabTable can index.
const maxVocabEntries = 1<<entryBits - 1

// DefaultLimits are the limits of Load and LoadImage.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:    256 << 20,
		MaxVocab:       maxVocabEntries,
		MaxMerges:      1 << 23,
		MaxAddedTokens: 1 << 16,
		MaxDepth:       128,
	}
}

// clamped lowers MaxVocab to what the tables can hold.
func (l Limits) clamped() Limits {
	l.MaxVocab = min(l.MaxVocab, maxVocabEntries)
	return l
}
