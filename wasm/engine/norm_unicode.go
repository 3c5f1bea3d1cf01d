package engine

import "golang.org/x/text/unicode/norm"

// unicodeNormalizer is one of HF's NFC, NFD, NFKC, NFKD normalizers.
type unicodeNormalizer struct{ form norm.Form }

func newUnicodeNormalizer(typ string) unicodeNormalizer {
	switch typ {
	case "NFD":
		return unicodeNormalizer{norm.NFD}
	case "NFKC":
		return unicodeNormalizer{norm.NFKC}
	case "NFKD":
		return unicodeNormalizer{norm.NFKD}
	}
	return unicodeNormalizer{norm.NFC}
}

func (u unicodeNormalizer) normalize(n *normalizedString) error {
	applyUnicodeForm(n, u.form)
	return nil
}

// applyUnicodeForm normalizes n, aligning the output as HF's unicode-normalization-alignments does.
// Text is normalized one segment at a time (a starter and the non-starters that follow it); within a
// segment, the output runes are aligned with the input runes in order: the first output rune replaces
// the first input rune, extra output runes are insertions, and missing ones are removals.
func applyUnicodeForm(n *normalizedString, form norm.Form) {
	s := n.get()
	if form.IsNormalString(s) {
		return
	}
	dest := make([]runeChange, 0, len(s)+8)
	var it norm.Iter
	it.InitString(form, s)
	pos := 0
	for !it.Done() {
		out := it.Next()
		next := it.Pos()
		in := s[pos:next]
		dest = alignSegment(dest, in, string(out))
		pos = next
	}
	n.transform(dest, 0)
}

// alignSegment appends the changes that turn the input runes of one segment into its output runes.
func alignSegment(dest []runeChange, in, out string) []runeChange {
	inRunes := []rune(in)
	outRunes := []rune(out)
	common := min(len(inRunes), len(outRunes))
	for i := 0; i < common; i++ {
		dest = append(dest, runeChange{outRunes[i], 0})
	}
	if len(outRunes) > len(inRunes) {
		for _, r := range outRunes[common:] {
			dest = append(dest, runeChange{r, 1})
		}
	} else if removed := len(inRunes) - len(outRunes); removed > 0 && common > 0 {
		dest[len(dest)-1].change = -removed
	}
	return dest
}
