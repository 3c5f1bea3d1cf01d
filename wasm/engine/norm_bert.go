package engine

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// bertNormalizer is HF's BertNormalizer: drop control characters and turn white space into spaces,
// put spaces around CJK ideographs, strip accents and lowercase. Unless stripping accents needs NFD,
// all steps run as one rewrite pass, and text they leave alone keeps its cheap identity alignment.
type bertNormalizer struct {
	cleanText          bool
	handleChineseChars bool
	stripAccents       bool
	lowercase          bool
	nfd                unicodeNormalizer
	runes              *runeMap // all steps, one rune at a time
	lower              *runeMap // the last step alone
}

func newBertNormalizer(raw rawJSON, path string) (normalizer, error) {
	r := struct {
		CleanText, HandleChineseChars, Lowercase bool
		StripAccents                             *bool
	}{CleanText: true, HandleChineseChars: true, Lowercase: true}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "clean_text":
			readBool(s, &r.CleanText)
		case "handle_chinese_chars":
			readBool(s, &r.HandleChineseChars)
		case "strip_accents":
			readOptBool(s, &r.StripAccents)
		case "lowercase":
			readBool(s, &r.Lowercase)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	stripAccents := r.Lowercase // strip_accents: null follows lowercase
	if r.StripAccents != nil {
		stripAccents = *r.StripAccents
	}
	return newBert(r.CleanText, r.HandleChineseChars, stripAccents, r.Lowercase), nil
}

func newBert(cleanText, handleChineseChars, stripAccents, lowercase bool) *bertNormalizer {
	b := &bertNormalizer{
		cleanText:          cleanText,
		handleChineseChars: handleChineseChars,
		stripAccents:       stripAccents,
		lowercase:          lowercase,
		nfd:                newUnicodeNormalizer("NFD"),
	}
	b.runes, b.lower = newRuneMap(b.rewrite), newRuneMap(lowercaseRune)
	b.runes.spaceIdeographs = handleChineseChars
	return b
}

// normalize runs all steps as one rewrite, where every step maps one rune to runes that all take its
// alignment, so that composing them rune by rune aligns as the steps do. Only stripping accents may
// need the steps one after the other.
func (b *bertNormalizer) normalize(n *normalizedString) error {
	// Text of runes that are in NFD and combine with nothing needs no NFD, whatever cleaning removes;
	// the rewrite checks that as it goes and gives up on other text.
	if n.rewriteRunes(b.runes, b.stripAccents) {
		return nil
	}
	if !b.strippableInOnePass(n.get()) {
		return b.normalizeInSteps(n)
	}
	n.rewriteRunes(b.runes, false)
	return nil
}

// normalizeInSteps runs HF's steps one after the other.
func (b *bertNormalizer) normalizeInSteps(n *normalizedString) error {
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
		n.rewriteRunes(b.lower, false)
	}
	return nil
}

// strippableInOnePass reports whether stripping accents from s needs no NFD: either s is ASCII or
// CJK that NFD leaves alone with nothing to reorder, whatever cleaning removes; or s is already in NFD
// and cleaning removes nothing from it (a removal could bring marks together that NFD would reorder).
func (b *bertNormalizer) strippableInOnePass(s string) bool {
	if isCanonicallyInert(s, false) {
		return true
	}
	return norm.NFD.IsNormalString(s) && !(b.cleanText && containsRune(s, isBertRemoved))
}

// rewrite writes what the steps make of r into out and returns how many runes that is.
func (b *bertNormalizer) rewrite(r rune, out *[3]rune) int {
	if r < utf8.RuneSelf {
		switch {
		case b.cleanText && (r == '\t' || r == '\n' || r == '\r'):
			r = ' '
		case b.cleanText && (r < ' ' || r == 0x7F):
			return 0
		case b.lowercase && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		}
		out[0] = r
		return 1
	}
	// Ideographs are neither removed, white space, marks nor cased: the most common case goes first.
	if b.handleChineseChars && isChineseChar(r) {
		out[0], out[1], out[2] = ' ', r, ' '
		return 3
	}
	if b.cleanText {
		if isBertRemoved(r) {
			return 0
		}
		if isWhitespace(r) {
			out[0] = ' '
			return 1
		}
	}
	if b.stripAccents && isNonspacingMark(r) {
		return 0
	}
	if b.lowercase {
		if r == capitalIWithDot {
			out[0], out[1] = 'i', 0x307
			return 2
		}
		r = unicode.ToLower(r)
	}
	out[0] = r
	return 1
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
	switch {
	case r < utf8.RuneSelf:
		return (r < ' ' && r != '\t' && r != '\n' && r != '\r') || r == 0x7F
	case r <= 0x9F: // C1 controls
		return true
	case r < 0xAD: // the first format character
		return false
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000 && r <= 0xFFFFD, r >= 0x100000 && r <= 0x10FFFD: // Co
		return true
	}
	return unicode.Is(unicode8ControlFormat, r)
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
