package engine

import (
	"encoding/binary"
	"unsafe"
)

// An image's big tables are stored exactly as they sit in memory (little-endian, each section aligned to
// 8 bytes from the image's start), so that LoadImage can use them in place: copying and re-hashing them
// cost a restart tens of milliseconds inside the sandbox. Where that is impossible (a big-endian machine,
// or an image at an unaligned address) the views fall back to decoding a copy.

// imageAlign is the alignment of the table sections in an image.
const imageAlign = 8

var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// inPlace tells whether b can be viewed as elements of size bytes without copying.
func inPlace(b []byte, size uintptr) bool {
	return littleEndian && len(b) > 0 && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%size == 0
}

// viewAs returns b, whose length is a multiple of T's size, as a slice of T: in place where it can,
// else decoded into a copy element by element with decode.
func viewAs[T any](b []byte, decode func([]byte) T) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	n := len(b) / size
	if inPlace(b, unsafe.Alignof(zero)) {
		return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]T, n)
	for i := range out {
		out[i] = decode(b[i*size:])
	}
	return out
}

// appendRaw writes a table as viewAs reads it: in one copy where memory is little-endian already, else
// element by element with encode.
func appendRaw[T any](dst []byte, vs []T, encode func([]byte, T) []byte) []byte {
	if littleEndian && len(vs) > 0 {
		var zero T
		return append(dst, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vs))), int(unsafe.Sizeof(zero))*len(vs))...)
	}
	for _, v := range vs {
		dst = encode(dst, v)
	}
	return dst
}

// The tables of an image: uint32s, uint64s, u64Table slots (key, then value) and double-array nodes (base, check,
// value).

func viewU32s(b []byte) []uint32 { return viewAs(b, binary.LittleEndian.Uint32) }

func viewU64s(b []byte) []uint64 { return viewAs(b, binary.LittleEndian.Uint64) }

func viewSlots(b []byte) []u64Slot {
	return viewAs(b, func(u []byte) u64Slot {
		return u64Slot{binary.LittleEndian.Uint64(u), binary.LittleEndian.Uint64(u[8:])}
	})
}

func viewNodes(b []byte) []daNode {
	return viewAs(b, func(u []byte) daNode {
		return daNode{int32(binary.LittleEndian.Uint32(u)), int32(binary.LittleEndian.Uint32(u[4:])), int32(binary.LittleEndian.Uint32(u[8:]))}
	})
}

func appendU32s(dst []byte, vs []uint32) []byte { return appendRaw(dst, vs, appendU32) }

func appendU64sRaw(dst []byte, vs []uint64) []byte { return appendRaw(dst, vs, appendU64) }

func appendSlotsRaw(dst []byte, slots []u64Slot) []byte {
	return appendRaw(dst, slots, func(dst []byte, s u64Slot) []byte { return appendU64(appendU64(dst, s.key), s.val) })
}

func appendNodesRaw(dst []byte, nodes []daNode) []byte {
	return appendRaw(dst, nodes, func(dst []byte, n daNode) []byte {
		return appendU32(appendU32(appendU32(dst, uint32(n.base)), uint32(n.check)), uint32(n.value))
	})
}

// viewString returns b as a string without copying it; the image must not change afterwards.
func viewString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// appendPadding pads an image, which started at start, to the next multiple of imageAlign.
func appendPadding(dst []byte, start int) []byte {
	for (len(dst)-start)%imageAlign != 0 {
		dst = append(dst, 0)
	}
	return dst
}
