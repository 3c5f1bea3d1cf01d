package engine

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// span is a half-open byte range [start, end).
type span struct{ start, end int }

// runeChange is one rune of a transformation's output and how it relates to the input, as in HF's
// NormalizedString::transform: 1 = inserted after the previous rune, 0 = replaces one input rune,
// -n = replaces one input rune and removes the n input runes that follow it.
type runeChange struct {
	r      rune
	change int
}

// normalizedString is HF's NormalizedString: the original text, its normalized form and, for every byte
// of the normalized form, the byte range of the original it came from. Offsets of tokens come from it.
//
// Alignments are stored relative to the root text the string was sliced from (HF stores them relative
// to its own original and rewrites them on every slice); shift is where original starts inside that
// root, so slicing never copies alignments.
type normalizedString struct {
	original   string
	normalized string
	align      []span // one per byte of normalized, absolute in the root text; nil while identity
	shift      int    // offset of original inside the root text

	// identity says that each byte of normalized is aligned with the rune it belongs to: normalized is
	// still original, or a rewrite of it that kept every rune's length (rewriteRunes); align is then
	// computed only when a rewrite needs it.
	identity bool

	// lazyByteLevel says that normalized still holds raw bytes which stand for their byte-level runes
	// (see byteLevelEncode): models that understand raw bytes skip the rewrite, others materialize it.
	lazyByteLevel bool
}

// newNormalizedString aligns every byte of s with the whole rune it belongs to.
func newNormalizedString(s string) normalizedString {
	return normalizedString{original: s, normalized: s, identity: true}
}

// ensureAlign turns an identity alignment into an explicit one before a rewrite.
func (n *normalizedString) ensureAlign() {
	if !n.identity {
		return
	}
	s := n.normalized
	align := make([]span, len(s))
	for i := 0; i < len(s); {
		size := runeLenAt(s, i)
		for k := 0; k < size; k++ {
			align[i+k] = span{n.shift + i, n.shift + i + size}
		}
		i += size
	}
	n.align, n.identity = align, false
}

// runeSpan is the span of the rune that byte i of s belongs to (a lone invalid byte is its own rune).
func runeSpan(s string, i int) span {
	start := i
	for start > 0 && i-start < 3 && !utf8.RuneStart(s[start]) {
		start--
	}
	if size := runeLenAt(s, start); start+size > i {
		return span{start, start + size}
	}
	return span{i, i + 1}
}

// materialize applies a pending byte-level rewrite.
func (n *normalizedString) materialize() {
	if n.lazyByteLevel {
		n.lazyByteLevel = false
		byteLevelEncode(n)
	}
}

func (n *normalizedString) get() string   { return n.normalized }
func (n *normalizedString) len() int      { return len(n.normalized) }
func (n *normalizedString) isEmpty() bool { return len(n.normalized) == 0 }

// alignAt is the alignment of normalized byte i relative to this string's original.
func (n *normalizedString) alignAt(i int) span {
	if n.identity {
		return runeSpan(n.normalized, i)
	}
	a := n.align[i]
	return span{a.start - n.shift, a.end - n.shift}
}

// offsetsOriginal is where this string's original sits in the root text.
func (n *normalizedString) offsetsOriginal() span {
	return span{n.shift, n.shift + len(n.original)}
}

// normalizedToOriginal converts a normalized byte range into the original one (HF convert_offsets with
// Range::Normalized). ok is false where the range reaches outside the string.
func (n *normalizedString) normalizedToOriginal(r span) (span, bool) {
	if r.start == r.end {
		return r, true
	}
	if r.start > r.end || r.end > len(n.normalized) || r.start < 0 {
		return span{}, false
	}
	return span{n.alignAt(r.start).start, n.alignAt(r.end - 1).end}, true
}

// originalToNormalized converts an original byte range into the normalized one (HF convert_offsets with
// Range::Original).
func (n *normalizedString) originalToNormalized(r span) (span, bool) {
	if r.start == r.end {
		return r, true
	}
	if r.start > r.end {
		return span{}, false
	}
	start, end := -1, -1
	for i := range len(n.normalized) {
		a := n.alignAt(i)
		if r.end < a.end {
			break
		}
		if start < 0 && r.start <= a.start && a.start != a.end {
			start = i
		}
		end = i + 1
	}
	switch {
	case start >= 0 && end >= 0:
		return span{start, end}, true
	case start >= 0:
		return span{start, start}, true
	case end >= 0:
		return span{end, end}, true
	}
	return span{}, false
}

// slice returns the part of the string covering the normalized byte range r; ok is false when r does
// not fall on rune boundaries (HF slice with Range::Normalized).
func (n *normalizedString) slice(r span) (normalizedString, bool) {
	if r.start < 0 || r.end > len(n.normalized) || r.start > r.end ||
		!isRuneBoundary(n.normalized, r.start) || !isRuneBoundary(n.normalized, r.end) {
		return normalizedString{}, false
	}
	if n.identity {
		// original and normalized have the same layout: the range maps to itself.
		return normalizedString{
			original:   n.original[r.start:r.end],
			normalized: n.normalized[r.start:r.end],
			shift:      n.shift + r.start,
			identity:   true,
		}, true
	}
	orig, ok := n.normalizedToOriginal(r)
	if !ok {
		return normalizedString{}, false
	}
	original := ""
	if orig.start >= 0 && orig.end <= len(n.original) && orig.start <= orig.end {
		original = n.original[orig.start:orig.end]
	}
	return normalizedString{
		original:   original,
		normalized: n.normalized[r.start:r.end],
		align:      n.align[r.start:r.end:r.end],
		shift:      n.shift + orig.start,
	}, true
}

func isRuneBoundary(s string, i int) bool {
	return i == 0 || i == len(s) || (i < len(s) && utf8.RuneStart(s[i]))
}

// transformRange replaces the normalized bytes [start,end) by dest (HF transform_range), keeping
// alignments: a replacing rune takes the alignment of the rune it replaces, an inserted one that of
// the byte before it. initialOffset is the number of input runes removed before the first output rune.
func (n *normalizedString) transformRange(start, end int, dest []runeChange, initialOffset int) {
	n.ensureAlign()
	old := n.normalized[start:end]
	pos := 0
	for i := 0; i < initialOffset && pos < len(old); i++ {
		_, size := utf8.DecodeRuneInString(old[pos:])
		pos += size
	}
	offset := start + pos
	var sb strings.Builder
	sb.Grow(end - start)
	newAlign := make([]span, 0, end-start)
	for _, d := range dest {
		var a span
		if d.change > 0 {
			if offset >= 1 {
				a = n.align[offset-1]
			} else {
				a = span{n.shift, n.shift}
			}
		} else {
			a = n.align[offset]
			if pos < len(old) {
				_, size := utf8.DecodeRuneInString(old[pos:])
				pos += size
				offset += size
			}
			for k := 0; k < -d.change && pos < len(old); k++ {
				_, size := utf8.DecodeRuneInString(old[pos:])
				pos += size
				offset += size
			}
		}
		size := utf8.RuneLen(d.r)
		if size < 0 {
			d.r, size = utf8.RuneError, 3
		}
		sb.WriteRune(d.r)
		for k := 0; k < size; k++ {
			newAlign = append(newAlign, a)
		}
	}
	n.splice(start, end, sb.String(), newAlign)
}

// splice replaces normalized bytes [start,end) and their alignments. It always builds new backing
// arrays because slices share them with their parent.
func (n *normalizedString) splice(start, end int, s string, a []span) {
	if start == 0 && end == len(n.normalized) {
		n.normalized, n.align = s, a
		return
	}
	n.normalized = n.normalized[:start] + s + n.normalized[end:]
	align := make([]span, 0, len(n.align)-(end-start)+len(a))
	align = append(align, n.align[:start]...)
	align = append(align, a...)
	n.align = append(align, n.align[end:]...)
}

// transform replaces the whole normalized string (HF transform).
func (n *normalizedString) transform(dest []runeChange, initialOffset int) {
	n.transformRange(0, len(n.normalized), dest, initialOffset)
}

// filter keeps only the runes for which keep is true.
func (n *normalizedString) filter(keep func(rune) bool) {
	removed, removedStart := 0, 0
	dest := make([]runeChange, 0, len(n.normalized))
	var last rune
	haveLast := false
	for _, c := range n.normalized {
		if keep(c) {
			if haveLast {
				dest = append(dest, runeChange{last, -removed})
			} else {
				removedStart = removed
			}
			last, haveLast = c, true
			removed = 0
		} else {
			removed++
		}
	}
	if haveLast {
		dest = append(dest, runeChange{last, -removed})
	}
	n.transform(dest, removedStart)
}

// prepend inserts s before the first rune; the inserted runes share the first rune's alignment.
func (n *normalizedString) prepend(s string) {
	if n.normalized == "" {
		return
	}
	next, size := utf8.DecodeRuneInString(n.normalized)
	dest := make([]runeChange, 0, len(s)+1)
	i := 0
	for _, c := range s {
		ch := 1
		if i == 0 {
			ch = 0
		}
		dest = append(dest, runeChange{c, ch})
		i++
	}
	dest = append(dest, runeChange{next, 1})
	n.transformRange(0, size, dest, 0)
}

// appendString appends s after the last rune; the appended runes share the last rune's alignment.
func (n *normalizedString) appendString(s string) {
	dest := make([]runeChange, 0, len(s)+1)
	start := 0
	if n.normalized != "" {
		prev, size := utf8.DecodeLastRuneInString(n.normalized)
		start = len(n.normalized) - size
		dest = append(dest, runeChange{prev, 0})
	}
	for _, c := range s {
		dest = append(dest, runeChange{c, 1})
	}
	n.transformRange(start, len(n.normalized), dest, 0)
}

// mapRunes replaces every rune by f(rune).
func (n *normalizedString) mapRunes(f func(rune) rune) {
	dest := make([]runeChange, 0, len(n.normalized))
	for _, c := range n.normalized {
		dest = append(dest, runeChange{f(c), 0})
	}
	n.transform(dest, 0)
}

// replace substitutes content for every match of p (HF replace): each rune of content is aligned with
// the last byte of the match it replaces.
func (n *normalizedString) replace(p pattern, content string) error {
	matches, err := p.findMatches(n.normalized, nil)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(matches, func(m match) bool { return m.isMatch }) {
		return nil // nothing to replace: keep the string, and an identity alignment, as they are
	}
	n.ensureAlign()
	var sb strings.Builder
	newAlign := make([]span, 0, len(n.align))
	lastEnd := 0
	for _, m := range matches {
		if !m.isMatch {
			continue
		}
		sb.WriteString(n.normalized[lastEnd:m.start])
		newAlign = append(newAlign, n.align[lastEnd:m.start]...)
		var a span
		if m.end >= 1 {
			a = n.align[m.end-1]
		} else {
			a = span{n.shift, n.shift}
		}
		for _, c := range content {
			sb.WriteRune(c)
			for k := utf8.RuneLen(c); k > 0; k-- {
				newAlign = append(newAlign, a)
			}
		}
		lastEnd = m.end
	}
	sb.WriteString(n.normalized[lastEnd:])
	newAlign = append(newAlign, n.align[lastEnd:]...)
	n.normalized, n.align = sb.String(), newAlign
	return nil
}

// clear removes the whole normalized string and returns how many bytes it had.
func (n *normalizedString) clear() int {
	l := len(n.normalized)
	n.transform(nil, utf8.RuneCountInString(n.normalized))
	return l
}

// lrstrip removes leading and/or trailing white space (Unicode White_Space, as Rust's char::is_whitespace).
func (n *normalizedString) lrstrip(left, right bool) {
	runes := []rune(n.normalized)
	leading, trailing := 0, 0
	if left {
		for leading < len(runes) && isWhitespace(runes[leading]) {
			leading++
		}
	}
	if right {
		for trailing < len(runes) && isWhitespace(runes[len(runes)-1-trailing]) {
			trailing++
		}
	}
	if leading == 0 && trailing == 0 {
		return
	}
	dest := make([]runeChange, 0, len(runes))
	for i, c := range runes {
		switch {
		case i < leading || i >= len(runes)-trailing:
		case i == len(n.normalized)-trailing-1:
			// HF compares the rune index with the byte length here; kept for parity.
			dest = append(dest, runeChange{c, -trailing})
		default:
			dest = append(dest, runeChange{c, 0})
		}
	}
	n.transform(dest, leading)
}

// splitScratch holds the buffers of splitBy, reused between calls.
type splitScratch struct {
	matches []match
	pieces  []splitPiece
}

type splitPiece struct{ start, end int }

// splitBy splits the string on the matches of p, treating the delimiters as behavior says
// (HF NormalizedString::split), and appends the pieces to dst. Empty pieces are kept;
// PreTokenizedString drops them.
func (n *normalizedString) splitBy(p pattern, behavior splitBehavior, sc *splitScratch, dst []split) ([]split, error) {
	matches, err := p.findMatches(n.normalized, sc.matches[:0])
	if err != nil {
		return nil, err
	}
	sc.matches = matches
	if behavior == splitIsolated || behavior == splitRemoved {
		// Each match is a piece of its own: no need to collect them first.
		for _, m := range matches {
			if behavior == splitRemoved && m.isMatch {
				continue
			}
			s, ok := n.slice(span{m.start, m.end})
			if !ok {
				return nil, errBadSplit
			}
			dst = append(dst, split{norm: s})
		}
		return dst, nil
	}
	pieces := sc.pieces[:0]
	switch behavior {
	case splitContiguous:
		prev := false
		for _, m := range matches {
			if m.isMatch == prev && len(pieces) > 0 {
				pieces[len(pieces)-1].end = m.end
			} else {
				pieces = append(pieces, splitPiece{m.start, m.end})
			}
			prev = m.isMatch
		}
	case splitMergedWithPrevious:
		prev := false
		for _, m := range matches {
			if m.isMatch && !prev && len(pieces) > 0 {
				pieces[len(pieces)-1].end = m.end
			} else {
				pieces = append(pieces, splitPiece{m.start, m.end})
			}
			prev = m.isMatch
		}
	case splitMergedWithNext:
		prev := false
		for i := len(matches) - 1; i >= 0; i-- {
			m := matches[i]
			if m.isMatch && !prev && len(pieces) > 0 {
				pieces[len(pieces)-1].start = m.start
			} else {
				pieces = append(pieces, splitPiece{m.start, m.end})
			}
			prev = m.isMatch
		}
		for i, j := 0, len(pieces)-1; i < j; i, j = i+1, j-1 {
			pieces[i], pieces[j] = pieces[j], pieces[i]
		}
	}
	sc.pieces = pieces
	for _, p := range pieces {
		s, ok := n.slice(span{p.start, p.end})
		if !ok {
			return nil, errBadSplit
		}
		dst = append(dst, split{norm: s})
	}
	return dst, nil
}
