package engine

import "encoding/json"

// gpt2Pattern is the split regex of HF's ByteLevel pre-tokenizer.
const gpt2Pattern = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`

// byteLevelPreTokenizer is HF's ByteLevel pre-tokenizer: optionally a leading space, the GPT-2 split,
// then every byte mapped to its visible rune.
type byteLevelPreTokenizer struct {
	addPrefixSpace bool
	useRegex       bool
	split          pattern
}

// byteLevelConfig holds the fields HF's ByteLevel shares between pre-tokenizer, post-processor and decoder.
type byteLevelConfig struct {
	AddPrefixSpace bool  `json:"add_prefix_space"`
	TrimOffsets    bool  `json:"trim_offsets"`
	UseRegex       *bool `json:"use_regex"`
}

func newByteLevelPreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
	var r byteLevelConfig
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	p := &byteLevelPreTokenizer{addPrefixSpace: r.AddPrefixSpace, useRegex: r.UseRegex == nil || *r.UseRegex}
	if p.useRegex {
		re, err := compileRegex(gpt2Pattern)
		if err != nil {
			return nil, err
		}
		p.split = &regexPattern{re: re}
	}
	return p, nil
}

func (b *byteLevelPreTokenizer) preTokenize(p *preTokenizedString) error {
	if !b.addPrefixSpace && !b.useRegex && p.unchangedBySplit() {
		// Nothing to split or prepend: only the rewrite is left, and it is left pending.
		p.markByteLevel()
		return nil
	}
	err := p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		if b.addPrefixSpace && (n.get() == "" || n.get()[0] != ' ') {
			n.prepend(" ")
		}
		if !b.useRegex {
			return append(dst, split{norm: *n}), nil
		}
		return n.splitBy(b.split, splitIsolated, &p.scratch, dst)
	})
	if err != nil {
		return err
	}
	p.markByteLevel()
	return nil
}
