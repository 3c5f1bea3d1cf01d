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

// viewU32s returns b, whose length is a multiple of 4, as uint32s.
func viewU32s(b []byte) []uint32 {
	n := len(b) / 4
	if inPlace(b, 4) {
		return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[i*4:])
	}
	return out
}

// viewSlots returns b, whose length is a multiple of 16, as u64Table slots (key, then value).
func viewSlots(b []byte) []u64Slot {
	n := len(b) / 16
	if inPlace(b, 8) {
		return unsafe.Slice((*u64Slot)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]u64Slot, n)
	for i := range out {
		out[i] = u64Slot{binary.LittleEndian.Uint64(b[i*16:]), binary.LittleEndian.Uint64(b[i*16+8:])}
	}
	return out
}

// viewNodes returns b, whose length is a multiple of 12, as double-array nodes (base, check, value).
func viewNodes(b []byte) []daNode {
	n := len(b) / 12
	if inPlace(b, 4) {
		return unsafe.Slice((*daNode)(unsafe.Pointer(unsafe.SliceData(b))), n)
	}
	out := make([]daNode, n)
	for i := range out {
		u := b[i*12:]
		out[i] = daNode{int32(binary.LittleEndian.Uint32(u)), int32(binary.LittleEndian.Uint32(u[4:])), int32(binary.LittleEndian.Uint32(u[8:]))}
	}
	return out
}

// appendU32s, appendSlotsRaw and appendNodesRaw write tables as the views read them: in one copy where
// memory is little-endian already.
func appendU32s(dst []byte, vs []uint32) []byte {
	if littleEndian && len(vs) > 0 {
		return append(dst, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vs))), 4*len(vs))...)
	}
	for _, v := range vs {
		dst = appendU32(dst, v)
	}
	return dst
}

func appendSlotsRaw(dst []byte, slots []u64Slot) []byte {
	if littleEndian && len(slots) > 0 {
		return append(dst, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(slots))), 16*len(slots))...)
	}
	for _, s := range slots {
		dst = appendU64(appendU64(dst, s.key), s.val)
	}
	return dst
}

func appendNodesRaw(dst []byte, nodes []daNode) []byte {
	if littleEndian && len(nodes) > 0 {
		return append(dst, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(nodes))), 12*len(nodes))...)
	}
	for _, n := range nodes {
		dst = appendU32(appendU32(appendU32(dst, uint32(n.base)), uint32(n.check)), uint32(n.value))
	}
	return dst
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
