package engine

// whitespaceSplitPreTokenizer splits on white space, dropping it (HF pre_tokenizers::WhitespaceSplit).
type whitespaceSplitPreTokenizer struct{}

func (whitespaceSplitPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		return n.splitBy(runePattern(isWhitespace), splitRemoved, &p.scratch, dst)
	})
}
