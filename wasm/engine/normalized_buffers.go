package engine

import "strings"

// normBuffers is the memory that the rewrites of one input's normalized strings share. It is reused
// from one input to the next, so that normalizing a line allocates nothing in the steady state.
type normBuffers struct {
	// align holds the alignments of rewritten strings one after the other. Every input starts it
	// over: alignments are read only until the input's encoding is built.
	align []span

	// out is where a rewrite writes its text before the text becomes a string.
	out []byte

	// text is where those strings live. Its bytes are only appended to, never overwritten, so a
	// string taken from it stays valid for as long as it is held, beyond the input too (a token's
	// value may be part of it). Once full it is dropped for a new chunk, which the GC frees when
	// no string points into it any more.
	text strings.Builder

	// replaced holds where the replacements of strings with deferred alignments start
	// (normalized_deferred.go), like align.
	replaced []int

	changes []runeChange // for callers of transform
	matches []match      // for callers of pattern.findMatches
}

// normTextChunk is the size of each chunk of normBuffers.text: one allocation serves many lines.
const normTextChunk = 32 << 10

// reset starts a new input: the alignments of the previous one are no longer needed.
func (b *normBuffers) reset() { b.align, b.replaced = b.align[:0], b.replaced[:0] }

// str returns a string with the bytes of out, stored in text.
func (b *normBuffers) str(out []byte) string {
	if len(out) == 0 {
		return ""
	}
	if b.text.Cap()-b.text.Len() < len(out) {
		b.text.Reset()
		b.text.Grow(max(normTextChunk, len(out)))
	}
	start := b.text.Len()
	b.text.Write(out)
	return b.text.String()[start:]
}

// takeAlign returns the alignments appended to align since start, capped so that appending to the
// result never writes into align.
func (b *normBuffers) takeAlign(start int) []span {
	return b.align[start:len(b.align):len(b.align)]
}
