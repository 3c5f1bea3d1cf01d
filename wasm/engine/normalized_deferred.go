package engine

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// A prependReplaceNormalizer rewrites an identity string in a known shape: its prefix, aligned with
// the first rune, then each rune of the original in turn, the byte it replaces becoming its content.
// Every normalized byte is aligned with the original range of its part: the first rune for the prefix,
// the byte for a replacement, the rune for the others. Where only the segments path reads the pieces,
// the normalizer writes the text and where each replacement starts, and the segments path finds a
// token's offsets from those as the tokens come (replacements, below): much cheaper, inside wasm,
// than writing a span per normalized byte.

// maxDeferredContent bounds the content of a deferring normalizer: appendReplacingByteText writes
// it with one 8-byte store.
const maxDeferredContent = 8

// prependReplacingByteText writes the text of prependReplacingByte(p...) and where each replacement
// starts, and defers the alignments; n is an identity string whose normalized is its original, not
// empty.
func (n *normalizedString) prependReplacingByteText(p *prependReplaceNormalizer) {
	b := n.buffers()
	start := len(b.replaced)
	out, replaced := appendReplacingByteText(append(b.out[:0], p.prefix...), b.replaced, n.normalized, p.oneByte, p.content)
	b.out, b.replaced = out, replaced
	n.normalized, n.align, n.identity = b.str(out), nil, false
	n.deferred, n.replacedAt = p, replaced[start:len(replaced):len(replaced)]
}

// appendReplacingByteText appends s to out with content, of at most 8 bytes, in place of every byte
// c, and appends to replaced where in out each content starts. It goes eight bytes at a time, each
// word and each content written whole by one store into room reserved beyond the end.
func appendReplacingByteText(out []byte, replaced []int, s string, c byte, content string) ([]byte, []int) {
	var padded [8]byte
	copy(padded[:], content)
	contentWord := binary.LittleEndian.Uint64(padded[:])
	j := len(out)
	out = slices.Grow(out, len(s)*max(len(content), 1)+16)
	out = out[:cap(out)]
	i := 0
	for ; i+8 <= len(s); i++ {
		w := wordAt(s, i)
		binary.LittleEndian.PutUint64(out[j:], w)
		found := equalBytes(w, c)
		if found == 0 {
			i, j = i+7, j+8
			continue
		}
		before := bits.TrailingZeros64(found) / 8
		binary.LittleEndian.PutUint64(out[j+before:], contentWord)
		replaced = append(replaced, j+before)
		i, j = i+before, j+before+len(content)
	}
	for ; i < len(s); i++ {
		if s[i] == c {
			binary.LittleEndian.PutUint64(out[j:], contentWord)
			replaced = append(replaced, j)
			j += len(content)
		} else {
			out[j] = s[i]
			j++
		}
	}
	return out[:j], replaced
}

// replacements walks the replacements of a string whose alignments are deferred, for the normalized
// ranges of tokens asked for in order. Before replacement k, a normalized byte past the prefix is the
// original byte delta = len(prefix) + k*(len(content)-1) places before it, aligned with its rune (the
// input is valid UTF-8); a byte of the replacement is aligned with the byte it replaced.
type replacements struct {
	starts []int // where each replacement starts in normalized
	k      int   // the first replacement that does not end at or before the last range asked for
	at     int   // where it starts, noReplacement if there is none
	width  int   // the length of a replacement
	delta  int
}

// noReplacement is beyond any position, with room for a replacement's width.
const noReplacement = math.MaxInt / 2

// start points r at the first replacement of n. It sets the fields one by one: inside wasm, returning or
// assigning the struct whole is a call to the host's memmove, once per encoded text.
func (r *replacements) start(n *normalizedString) {
	r.starts, r.k, r.width = n.replacedAt, -1, len(n.deferred.content)
	r.delta = len(n.deferred.prefix) + 1 - len(n.deferred.content)
	r.next() // sets at
}

// next moves on to the next replacement.
func (r *replacements) next() {
	r.k++
	r.delta += r.width - 1
	r.at = noReplacement
	if r.k < len(r.starts) {
		r.at = r.starts[r.k]
	}
}

// reach returns the original range of normalized bytes [start, next), which reach replacement k, as
// start-delta and next-delta would give it outside the prefix and away from the replacements, and
// moves past the replacements that end by next.
func (r *replacements) reach(start, next int) (from, to int) {
	from = min(start, r.at) - r.delta // a start inside the replacement is aligned with its byte
	for r.at+r.width <= next {
		r.next()
	}
	if to = next - r.delta; next > r.at {
		to = r.at - r.delta + 1 // the range ends inside a replacement
	}
	return from, to
}

// runeBounds widens the original range [from, to) to the runes its ends fall inside.
func runeBounds(orig string, from, to int) (int, int) {
	if from < len(orig) {
		from = runeStartOf(orig, from)
	}
	if to < len(orig) && orig[to]&0xC0 == 0x80 {
		to = runeStartOf(orig, to)
		to += runeLenAt(orig, to)
	}
	return from, to
}

// runeStartOf is where the rune that byte i of s, valid UTF-8, belongs to starts.
func runeStartOf(s string, i int) int {
	for k := 0; k < 3 && i > 0 && !utf8.RuneStart(s[i]); k++ {
		i--
	}
	return i
}
