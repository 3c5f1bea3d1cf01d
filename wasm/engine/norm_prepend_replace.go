package engine

import "strings"

// prependReplaceNormalizer is a Prepend followed by a Replace of a one-byte string (Mistral, Llama-2,
// Phi-3: prepend "▁", replace " " by "▁"), done in one pass over the text instead of two.
type prependReplaceNormalizer struct {
	prefix  string
	oneByte byte
	content string
	// deferAlign says that the pieces this normalizer rewrites are read only by the segments path,
	// which works their offsets out from the shape of the rewrite (normalized_deferred.go): normalize
	// then writes the text alone, and materialize writes the alignments if anything else needs them.
	deferAlign bool
}

// fusePrependReplace replaces every Prepend directly followed by a Replace of a one-byte string in seq.
func fusePrependReplace(seq normalizerSequence) normalizerSequence {
	out := seq[:0:0]
	for i := 0; i < len(seq); i++ {
		p, isPrepend := seq[i].(prependNormalizer)
		if isPrepend && i+1 < len(seq) {
			if r, ok := seq[i+1].(*replaceNormalizer); ok && r.oneByte != 0 && !r.unchanged {
				out = append(out, &prependReplaceNormalizer{prefix: p.prefix, oneByte: r.oneByte, content: r.content})
				i++
				continue
			}
		}
		out = append(out, seq[i])
	}
	return out
}

func (p *prependReplaceNormalizer) normalize(n *normalizedString) error {
	if p.deferAlign && n.identity && !n.lazyByteLevel && n.normalized != "" && n.normalized == n.original {
		n.prependReplacingByteText(p)
		return nil
	}
	n.prependReplacingByte(p.prefix, p.oneByte, p.content)
	return nil
}

// deferringAlign returns norm with its alignments deferred when it is the fused normalizer alone, the
// segments path reads every piece it rewrites (no added token is matched after normalization, which
// would slice the pieces), its prefix has no byte it replaces and its content is short; norm itself
// otherwise.
func deferringAlign(norm normalizer, added *addedVocabulary) normalizer {
	p, ok := norm.(*prependReplaceNormalizer)
	if !ok || !added.norm.empty() || p.prefix == "" || strings.IndexByte(p.prefix, p.oneByte) >= 0 ||
		len(p.content) > maxDeferredContent {
		return norm
	}
	deferred := *p
	deferred.deferAlign = true
	return &deferred
}
