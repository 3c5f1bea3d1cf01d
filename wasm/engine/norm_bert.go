package engine

import (
	"encoding/json"
	"unicode"
)

// bertNormalizer is HF's BertNormalizer: drop control characters and turn white space into spaces,
// put spaces around CJK ideographs, strip accents and lowercase. Each step runs only when it would
// change the text, so that plain text keeps its cheap identity alignment.
type bertNormalizer struct {
	cleanText          bool
	handleChineseChars bool
	stripAccents       bool
	lowercase          bool
	nfd                unicodeNormalizer
}

func newBertNormalizer(raw json.RawMessage, path string) (normalizer, error) {
	r := struct {
		CleanText          bool  `json:"clean_text"`
		HandleChineseChars bool  `json:"handle_chinese_chars"`
		StripAccents       *bool `json:"strip_accents"`
		Lowercase          bool  `json:"lowercase"`
	}{CleanText: true, HandleChineseChars: true, Lowercase: true}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	b := &bertNormalizer{
		cleanText:          r.CleanText,
		handleChineseChars: r.HandleChineseChars,
		stripAccents:       r.Lowercase, // strip_accents: null follows lowercase
		lowercase:          r.Lowercase,
		nfd:                newUnicodeNormalizer("NFD"),
	}
	if r.StripAccents != nil {
		b.stripAccents = *r.StripAccents
	}
	return b, nil
}

func (b *bertNormalizer) normalize(n *normalizedString) error {
	if b.cleanText {
		cleanBertText(n)
	}
	if b.handleChineseChars {
		spaceChineseChars(n)
	}
	if b.stripAccents {
		if err := b.nfd.normalize(n); err != nil {
			return err
		}
		if containsRune(n.get(), isNonspacingMark) {
			n.filter(func(r rune) bool { return !isNonspacingMark(r) })
		}
	}
	if b.lowercase {
		lowercase(n)
	}
	return nil
}

// cleanBertText removes NUL, U+FFFD and control characters, then maps white space to ' '.
func cleanBertText(n *normalizedString) {
	if containsRune(n.get(), isBertRemoved) {
		n.filter(func(r rune) bool { return !isBertRemoved(r) })
	}
	if containsRune(n.get(), isBertSpaceToReplace) {
		n.mapRunes(func(r rune) rune {
			if isWhitespace(r) {
				return ' '
			}
			return r
		})
	}
}

func isBertRemoved(r rune) bool { return r == 0 || r == 0xFFFD || isBertControl(r) }

// isBertControl is HF's is_control: Cc, Cf and Co of Unicode 8.0, except tab, newline and return.
func isBertControl(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return unicode.Is(unicode8ControlFormat, r) || unicode.Is(unicode.Co, r)
}

// isBertSpaceToReplace is white space other than ' ' itself, which cleanBertText rewrites. HF's BERT
// is_whitespace adds tab, newline and return to char::is_whitespace, which has them already.
func isBertSpaceToReplace(r rune) bool { return r != ' ' && isWhitespace(r) }

func isNonspacingMark(r rune) bool { return r >= 0x300 && unicode.Is(unicode8Nonspacing, r) }

// isChineseChar is HF's is_chinese_char: the CJK Unified Ideographs blocks and their extensions.
func isChineseChar(r rune) bool {
	switch {
	case r < 0x3400:
		return false
	case r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF:
		return true
	case r >= 0x20000 && r <= 0x2A6DF, r >= 0x2A700 && r <= 0x2B73F, r >= 0x2B740 && r <= 0x2B81F,
		r >= 0x2B920 && r <= 0x2CEAF, r >= 0x2F800 && r <= 0x2FA1F:
		return true
	}
	return false
}

// spaceChineseChars puts a space on both sides of every CJK ideograph; the spaces share its alignment.
func spaceChineseChars(n *normalizedString) {
	s := n.get()
	if !containsRune(s, isChineseChar) {
		return
	}
	dest := make([]runeChange, 0, len(s)+16)
	for _, r := range s {
		if isChineseChar(r) {
			dest = append(dest, runeChange{' ', 0}, runeChange{r, 1}, runeChange{' ', 1})
		} else {
			dest = append(dest, runeChange{r, 0})
		}
	}
	n.transform(dest, 0)
}

// containsRune reports whether some rune of s satisfies f.
func containsRune(s string, f func(rune) bool) bool {
	for _, r := range s {
		if f(r) {
			return true
		}
	}
	return false
}
