package engine

// nmtNormalizer is HF's Nmt normalizer (SentencePiece's nmt rules without a charsmap): ASCII and C1
// control characters are removed, then other spacing characters become a plain space.
type nmtNormalizer struct{}

func nmtRemoves(c rune) bool {
	return (c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || c == 0x8F || c == 0x9F
}

func nmtSpace(c rune) bool {
	switch c {
	case '\t', '\n', '\f', '\r', 0x1680, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD:
		return true
	}
	return c >= 0x200B && c <= 0x200F
}

func (nmtNormalizer) normalize(n *normalizedString) error {
	removes, spaces := false, false
	for _, c := range n.get() {
		removes = removes || nmtRemoves(c)
		spaces = spaces || nmtSpace(c)
	}
	if removes {
		n.filter(func(c rune) bool { return !nmtRemoves(c) })
	}
	if spaces {
		n.mapRunes(func(c rune) rune {
			if nmtSpace(c) {
				return ' '
			}
			return c
		})
	}
	return nil
}
