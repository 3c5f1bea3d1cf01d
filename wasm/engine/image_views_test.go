package engine

import (
	"bytes"
	"slices"
	"testing"
)

// TestImageViewsWithoutPlace checks the paths a little-endian machine takes only for an unaligned image:
// encoding element by element must give the bytes of the in-place copy, and decoding an unaligned copy
// must give the elements back.
func TestImageViewsWithoutPlace(t *testing.T) {
	u32s := []uint32{1, 0xDEADBEEF, 7}
	slots := []u64Slot{{1, 2}, {0xFFFF_FFFF_FFFF, 3}}
	nodes := []daNode{{1, -1, 5}, {-2, 3, -4}}
	inPlace := [][]byte{appendU32s(nil, u32s), appendSlotsRaw(nil, slots), appendNodesRaw(nil, nodes)}

	saved := littleEndian
	littleEndian = false
	encoded := [][]byte{appendU32s(nil, u32s), appendSlotsRaw(nil, slots), appendNodesRaw(nil, nodes)}
	littleEndian = saved
	for i := range inPlace {
		if !bytes.Equal(encoded[i], inPlace[i]) {
			t.Errorf("table %d: encoded % x, in place % x", i, encoded[i], inPlace[i])
		}
	}

	unaligned := func(b []byte) []byte { return append(make([]byte, 1, len(b)+1), b...)[1:] }
	if got := viewU32s(unaligned(inPlace[0])); !slices.Equal(got, u32s) {
		t.Errorf("u32s %v, want %v", got, u32s)
	}
	if got := viewSlots(unaligned(inPlace[1])); !slices.Equal(got, slots) {
		t.Errorf("slots %v, want %v", got, slots)
	}
	if got := viewNodes(unaligned(inPlace[2])); !slices.Equal(got, nodes) {
		t.Errorf("nodes %v, want %v", got, nodes)
	}
}
