package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// Eight bytes at a time. Go's wasm port runs every loop iteration through a dispatch table, so a loop
// over eight-byte words instead of bytes is what makes the scanner fast inside the sandbox.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	low7  = 0x7F7F7F7F7F7F7F7F
)

func load8(data []byte, i int) uint64 { return binary.LittleEndian.Uint64(data[i:]) }

// nonZero sets the high bit of every byte of x that is not zero, exactly (no borrow between bytes).
func nonZero(x uint64) uint64 { return ((x & low7) + low7 | x) & highs }

// firstNotPlain returns the index of the first byte of x (little-endian) that is not plain (see
// plainByte), or 8. A byte below 0x20 lets the subtraction borrow from the bytes above it, which can
// flag them too, but never a byte below: the first flag is exact.
func firstNotPlain(x uint64) int {
	bad := ((x-ones*0x20)&^x | ^nonZero(x^(ones*'"')) | ^nonZero(x^(ones*'\\'))) & highs
	return bits.TrailingZeros64(bad) >> 3
}

// firstNotSpace returns the index of the first byte of x that is not JSON white space, or 8.
func firstNotSpace(x uint64) int {
	other := nonZero(x^(ones*' ')) & nonZero(x^(ones*'\n')) & nonZero(x^(ones*'\r')) & nonZero(x^(ones*'\t'))
	return bits.TrailingZeros64(other) >> 3
}
