package engine

import (
	"encoding/binary"
	"fmt"
)

// The image encoding: little-endian integers, and blobs written as a uint32 length and the bytes.

func appendU32(dst []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(dst, v) }

func appendU64(dst []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(dst, v) }

func appendBlob(dst, b []byte) []byte { return append(appendU32(dst, uint32(len(b))), b...) }

// imageReader decodes an image. The first error sticks: later reads return zero values, so a decoder
// checks err once at the end; it never reads out of range and never allocates more than the bytes left
// could fill.
type imageReader struct {
	b   []byte
	off int // of b in the image, for align
	err error
}

func (r *imageReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: "+format, append([]any{ErrBadImage}, args...)...)
	}
	r.b = nil
}

func (r *imageReader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("%s: truncated", what)
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	r.off += n
	return out
}

func (r *imageReader) u8(what string) byte {
	if b := r.take(1, what); b != nil {
		return b[0]
	}
	return 0
}

func (r *imageReader) u32(what string) uint32 {
	if b := r.take(4, what); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *imageReader) u64(what string) uint64 {
	if b := r.take(8, what); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// align skips the padding appendPadding wrote.
func (r *imageReader) align() {
	if pad := (imageAlign - r.off%imageAlign) % imageAlign; pad > 0 {
		r.take(pad, "padding")
	}
}

// blob returns the bytes of a blob; they alias the image.
func (r *imageReader) blob(what string) []byte { return r.take(int(r.u32(what)), what) }

// count reads an element count and checks it against limit and against the bytes left, given that each
// element takes at least minSize bytes.
func (r *imageReader) count(limit, minSize int, what string) int {
	n := int(r.u32(what))
	switch {
	case r.err != nil:
		return 0
	case n > limit:
		r.fail("%s: %d exceeds the limit of %d", what, n, limit)
		return 0
	case n*minSize > len(r.b):
		r.fail("%s: truncated", what)
		return 0
	}
	return n
}
