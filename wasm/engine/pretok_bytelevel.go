package engine

import "github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"

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
	AddPrefixSpace bool
	TrimOffsets    bool
	UseRegex       *bool
}

func scanByteLevelConfig(raw rawJSON, path string) (byteLevelConfig, error) {
	var r byteLevelConfig
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "add_prefix_space":
			readBool(s, &r.AddPrefixSpace)
		case "trim_offsets":
			readBool(s, &r.TrimOffsets)
		case "use_regex":
			readOptBool(s, &r.UseRegex)
		default:
			s.Skip()
		}
	})
	return r, err
}

func newByteLevelPreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	r, err := scanByteLevelConfig(raw, path)
	if err != nil {
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
