package engine

// prependReplaceNormalizer is a Prepend followed by a Replace of a one-byte string (Mistral, Llama-2,
// Phi-3: prepend "▁", replace " " by "▁"), done in one pass over the text instead of two.
type prependReplaceNormalizer struct {
	prefix  string
	oneByte byte
	content string
}

// fusePrependReplace replaces every Prepend directly followed by a Replace of a one-byte string in seq.
func fusePrependReplace(seq normalizerSequence) normalizerSequence {
	out := seq[:0:0]
	for i := 0; i < len(seq); i++ {
		p, isPrepend := seq[i].(prependNormalizer)
		if isPrepend && i+1 < len(seq) {
			if r, ok := seq[i+1].(*replaceNormalizer); ok && r.oneByte != 0 && !r.unchanged {
				out = append(out, prependReplaceNormalizer{p.prefix, r.oneByte, r.content})
				i++
				continue
			}
		}
		out = append(out, seq[i])
	}
	return out
}

func (p prependReplaceNormalizer) normalize(n *normalizedString) error {
	n.prependReplacingByte(p.prefix, p.oneByte, p.content)
	return nil
}
