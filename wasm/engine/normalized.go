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

	// deferred, when set, says that normalized is what that normalizer made of original, an identity
	// string, and that align is not written yet; replacedAt says where in normalized each replacement
	// starts (normalized_deferred.go).
	deferred   *prependReplaceNormalizer
	replacedAt []int

	// bufs is the memory rewrites use, shared by all pieces of one input; nil until a rewrite needs it
	// for a string that was not made by a preTokenizedString.
	bufs *normBuffers
}

// newNormalizedString aligns every byte of s with the whole rune it belongs to.
func newNormalizedString(s string) normalizedString {
	return normalizedString{original: s, normalized: s, identity: true}
}

// setString makes n what newNormalizedString(s) returns, field by field: inside wasm, assigning the whole
// struct is a call to the host's memmove and one more for the write barrier, once per encoded text.
func (n *normalizedString) setString(s string) {
	n.original, n.normalized, n.align, n.shift = s, s, nil, 0
	n.identity, n.lazyByteLevel = true, false
	n.deferred, n.replacedAt, n.bufs = nil, nil, nil
}

// buffers returns the memory for a rewrite of n.
func (n *normalizedString) buffers() *normBuffers {
	if n.bufs == nil {
		n.bufs = new(normBuffers)
	}
	return n.bufs
}

// ensureAlign turns an identity alignment into an explicit one before a rewrite.
func (n *normalizedString) ensureAlign() {
	if !n.identity {
		return
	}
	b := n.buffers()
	start := len(b.align)
	b.align = n.appendAlign(b.align, 0, len(n.normalized))
	n.align, n.identity = b.takeAlign(start), false
}

// appendAlign appends the root-text alignments of normalized bytes [from,to) to dst; from is a rune
// boundary.
func (n *normalizedString) appendAlign(dst []span, from, to int) []span {
	if !n.identity {
		return append(dst, n.align[from:to]...)
	}
	s := n.normalized
	for i := from; i < to; {
		if i+8 <= to && wordAt(s, i)&highBits == 0 {
			dst = appendByteSpans(dst, n.shift+i)
			i += 8
			continue
		}
		if s[i] < utf8.RuneSelf {
			dst = append(dst, span{n.shift + i, n.shift + i + 1})
			i++
			continue
		}
		size := runeLenAt(s, i)
		a := span{n.shift + i, n.shift + i + size}
		if size == 3 && i+3 <= to {
			dst = append(dst, a, a, a)
			i += 3
			continue
		}
		for k := 0; k < size && i < to; k++ {
			dst = append(dst, a)
			i++
		}
	}
	return dst
}

// rootAlign is the alignment of normalized byte i in the root text.
func (n *normalizedString) rootAlign(i int) span {
	if n.identity {
		a := runeSpan(n.normalized, i)
		return span{n.shift + a.start, n.shift + a.end}
	}
	return n.align[i]
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

// materialize applies a pending byte-level rewrite and writes deferred alignments.
func (n *normalizedString) materialize() {
	if n.lazyByteLevel {
		n.lazyByteLevel = false
		byteLevelEncode(n)
	}
	if p := n.deferred; p != nil {
		n.deferred, n.replacedAt, n.normalized, n.identity = nil, nil, n.original, true
		n.prependReplacingByte(p.prefix, p.oneByte, p.content)
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
			bufs:       n.bufs,
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
		bufs:       n.bufs,
	}, true
}

func isRuneBoundary(s string, i int) bool {
	return i == 0 || i == len(s) || (i < len(s) && utf8.RuneStart(s[i]))
}

// transformRange replaces the normalized bytes [start,end) by dest (HF transform_range), keeping
// alignments: a replacing rune takes the alignment of the rune it replaces, an inserted one that of
// the byte before it. initialOffset is the number of input runes removed before the first output rune.
func (n *normalizedString) transformRange(start, end int, dest []runeChange, initialOffset int) {
	b := n.buffers()
	s := n.normalized
	old := s[start:end]
	pos := 0
	for i := 0; i < initialOffset && pos < len(old); i++ {
		_, size := utf8.DecodeRuneInString(old[pos:])
		pos += size
	}
	offset := start + pos
	out := append(b.out[:0], s[:start]...)
	alignStart := len(b.align)
	align := n.appendAlign(b.align, 0, start)
	for _, d := range dest {
		var a span
		if d.change > 0 {
			if offset >= 1 {
				a = n.rootAlign(offset - 1)
			} else {
				a = span{n.shift, n.shift}
			}
		} else {
			a = n.rootAlign(offset)
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
		out = utf8.AppendRune(out, d.r)
		for k := 0; k < size; k++ {
			align = append(align, a)
		}
	}
	out = append(out, s[end:]...)
	align = n.appendAlign(align, end, len(s))
	b.out, b.align = out, align
	n.normalized, n.align, n.identity = b.str(out), b.takeAlign(alignStart), false
}

// transform replaces the whole normalized string (HF transform).
func (n *normalizedString) transform(dest []runeChange, initialOffset int) {
	n.transformRange(0, len(n.normalized), dest, initialOffset)
}

// filter keeps only the runes for which keep is true.
func (n *normalizedString) filter(keep func(rune) bool) {
	b := n.buffers()
	removed, removedStart := 0, 0
	dest := b.changes[:0]
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
	b.changes = dest
	n.transform(dest, removedStart)
}

// prepend inserts s, valid UTF-8, before the first rune. HF replaces the first rune by the first rune
// of s and inserts the rest of s and the rune again: the first rune of s takes the alignment of the
// first byte, the bytes after it that of the first rune's last byte.
func (n *normalizedString) prepend(s string) {
	if n.normalized == "" || s == "" {
		return
	}
	b := n.buffers()
	size := runeLenAt(n.normalized, 0)
	head := runeLenAt(s, 0)
	out := append(append(b.out[:0], s...), n.normalized...)
	first, last := n.rootAlign(0), n.rootAlign(size-1)
	alignStart := len(b.align)
	align := b.align
	for range head {
		align = append(align, first)
	}
	for range len(s) - head + size {
		align = append(align, last)
	}
	align = n.appendAlign(align, size, len(n.normalized))
	b.out, b.align = out, align
	n.normalized, n.align, n.identity = b.str(out), b.takeAlign(alignStart), false
}

// appendString appends s after the last rune; the appended runes share the last rune's alignment.
func (n *normalizedString) appendString(s string) {
	b := n.buffers()
	dest := b.changes[:0]
	start := 0
	if n.normalized != "" {
		prev, size := utf8.DecodeLastRuneInString(n.normalized)
		start = len(n.normalized) - size
		dest = append(dest, runeChange{prev, 0})
	}
	for _, c := range s {
		dest = append(dest, runeChange{c, 1})
	}
	b.changes = dest
	n.transformRange(start, len(n.normalized), dest, 0)
}

// mapRunes replaces every rune by f(rune).
func (n *normalizedString) mapRunes(f func(rune) rune) {
	b := n.buffers()
	dest := b.changes[:0]
	for _, c := range n.normalized {
		dest = append(dest, runeChange{f(c), 0})
	}
	b.changes = dest
	n.transform(dest, 0)
}

// replace substitutes content for every match of p (HF replace).
func (n *normalizedString) replace(p pattern, content string) error {
	b := n.buffers()
	matches, err := p.findMatches(n.normalized, b.matches[:0])
	if err != nil {
		return err
	}
	b.matches = matches
	n.replaceMatches(matches, content)
	return nil
}

// replaceByte substitutes content, valid UTF-8, for every byte c, which is ASCII (HF replace with a
// one-byte string pattern): each byte of content is aligned with the byte it replaces.
func (n *normalizedString) replaceByte(c byte, content string) {
	s := n.normalized
	i := strings.IndexByte(s, c)
	if i < 0 {
		return
	}
	b := n.buffers()
	alignStart := len(b.align)
	out, align := n.appendReplacingByte(append(b.out[:0], s[:i]...), n.appendAlign(b.align, 0, i), i, c, content)
	b.out, b.align = out, align
	n.normalized, n.align, n.identity = b.str(out), b.takeAlign(alignStart), false
}

// prependReplacingByte is prepend(prefix) followed by replaceByte(c, content), in one pass.
func (n *normalizedString) prependReplacingByte(prefix string, c byte, content string) {
	if n.normalized == "" || prefix == "" {
		n.replaceByte(c, content)
		return
	}
	b := n.buffers()
	s := n.normalized
	size := runeLenAt(s, 0)
	head := runeLenAt(prefix, 0)
	first, last := n.rootAlign(0), n.rootAlign(size-1)
	out, alignStart := b.out[:0], len(b.align)
	align := b.align
	for k := range len(prefix) {
		a := last
		if k < head {
			a = first
		}
		out, align = appendReplacedByte(out, align, prefix[k], a, c, content)
	}
	if size == 1 {
		out, align = appendReplacedByte(out, align, s[0], last, c, content)
	} else {
		out, align = append(out, s[:size]...), appendN(align, last, size)
	}
	out, align = n.appendReplacingByte(out, align, size, c, content)
	b.out, b.align = out, align
	n.normalized, n.align, n.identity = b.str(out), b.takeAlign(alignStart), false
}

// appendReplacingByte appends normalized bytes [from,len) to out and their alignments to align, with
// content in place of every byte c (ASCII), each of its bytes aligned with c; from is a rune boundary.
func (n *normalizedString) appendReplacingByte(out []byte, align []span, from int, c byte, content string) ([]byte, []span) {
	s := n.normalized
	if !n.identity {
		for i := from; i < len(s); i++ {
			a := n.align[i]
			if s[i] != c {
				out = append(out, s[i])
				align = append(align, a)
				continue
			}
			out = append(out, content...)
			for range len(content) {
				align = append(align, a)
			}
		}
		return out, align
	}
	for i := from; i < len(s); {
		if i+8 <= len(s) {
			if w := wordAt(s, i); w&highBits == 0 {
				if equalBytes(w, c) == 0 {
					out, align = appendWord(out, w), appendByteSpans(align, n.shift+i)
				} else {
					out, align = appendReplacingWord(out, align, w, n.shift+i, c, content)
				}
				i += 8
				continue
			}
		}
		if s[i] < utf8.RuneSelf {
			a := span{n.shift + i, n.shift + i + 1}
			if s[i] != c {
				out = append(out, s[i])
				align = append(align, a)
			} else {
				out = append(out, content...)
				for range len(content) {
					align = append(align, a)
				}
			}
			i++
			continue
		}
		size := runeLenAt(s, i)
		out, align = appendRuneAligned(out, align, s, i, size, span{n.shift + i, n.shift + i + size})
		i += size
	}
	return out, align
}

// replaceMatches substitutes content, valid UTF-8, for every match (pieces as pattern.findMatches gives them): each
// byte of content is aligned with the last byte of the match it replaces.
func (n *normalizedString) replaceMatches(matches []match, content string) {
	if !slices.ContainsFunc(matches, func(m match) bool { return m.isMatch }) {
		return // nothing to replace: keep the string, and an identity alignment, as they are
	}
	b := n.buffers()
	s := n.normalized
	out := b.out[:0]
	alignStart := len(b.align)
	align := b.align
	lastEnd := 0
	for _, m := range matches {
		if !m.isMatch {
			continue
		}
		out = append(out, s[lastEnd:m.start]...)
		align = n.appendAlign(align, lastEnd, m.start)
		a := span{n.shift, n.shift}
		if m.end >= 1 {
			a = n.rootAlign(m.end - 1)
		}
		out = append(out, content...)
		for range len(content) {
			align = append(align, a)
		}
		lastEnd = m.end
	}
	out = append(out, s[lastEnd:]...)
	align = n.appendAlign(align, lastEnd, len(s))
	b.out, b.align = out, align
	n.normalized, n.align, n.identity = b.str(out), b.takeAlign(alignStart), false
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
	b := n.buffers()
	dest := b.changes[:0]
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
	b.changes = dest
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
