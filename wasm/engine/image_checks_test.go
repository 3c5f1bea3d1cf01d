package engine

import (
	"encoding/binary"
	"slices"
	"testing"
)

// u32Words packs the even-length prefix of vs into little-endian words, as an image holds them.
func u32Words(vs []uint32) []uint64 {
	b := appendU32s(nil, vs[:len(vs)&^1])
	return viewU64s(append([]byte(nil), b...))
}

func TestNeverDecrease(t *testing.T) {
	for n := range 11 {
		offs := make([]uint32, n)
		for i := range offs {
			offs[i] = uint32(5 + 3*i)
		}
		if !neverDecrease(offs) {
			t.Fatalf("n=%d: increasing offsets refused", n)
		}
		for i := 1; i < n; i++ {
			bad := append([]uint32(nil), offs...)
			bad[i] = bad[i-1] - 1
			if neverDecrease(bad) {
				t.Errorf("n=%d: a decrease at %d accepted", n, i)
			}
		}
	}
	if !neverDecrease([]uint32{0, 0, 5, 5, 1 << 31, 1<<32 - 1}) {
		t.Error("equal and large offsets refused")
	}
}

func TestEntriesAtMost(t *testing.T) {
	const n = 1000
	index := make([]uint32, 64)
	for i := range index {
		index[i] = uint32(i%7) * (n / 7) // entries up to n-1... and empty slots
	}
	index[5] = n | 0x2BC<<entryBits // the largest entry, under a hash tag
	if !entriesAtMost(u32Words(index), n) {
		t.Fatal("a sound index refused")
	}
	for i := range index {
		bad := append([]uint32(nil), index...)
		bad[i] = n + 1 | 0x3FF<<entryBits
		if entriesAtMost(u32Words(bad), n) {
			t.Errorf("entry n+1 in slot %d accepted", i)
		}
		bad[i] = entryMask
		if entriesAtMost(u32Words(bad), n) {
			t.Errorf("entry %d in slot %d accepted", entryMask, i)
		}
	}
}

func TestCountMergeSlots(t *testing.T) {
	const n = 100
	slots := []u64Slot{
		{emptyKey, 0},
		{pairKey(0, 99), 7<<32 | 99},
		{emptyKey, 12345}, // an empty slot's value does not matter
		{pairKey(99, 0), 0},
		{pairKey(5, 6), 1<<32 | 7},
	}
	if in, othersEmpty := countMergeSlots(slots, n); in != 3 || !othersEmpty {
		t.Fatalf("got %d in range (others empty: %v), want 3 (true)", in, othersEmpty)
	}
	for _, bad := range []u64Slot{
		{pairKey(100, 1), 1}, {pairKey(1, 100), 1}, {pairKey(1, 1), 100},
		{pairKey(1<<32-1, 1), 1}, {pairKey(1, 1<<32-1), 1}, {pairKey(1<<32-1, 1<<32-2), 1}, {pairKey(1<<32-2, 1<<32-1), 1},
	} {
		for at := range len(slots) + 1 { // every position of a step of two and of the tail
			withBad := slices.Insert(slices.Clone(slots), at, bad)
			if _, othersEmpty := countMergeSlots(withBad, n); othersEmpty {
				t.Errorf("slot %#x -> %#x at %d accepted", bad.key, bad.val, at)
			}
		}
	}
}

func TestTrieNodesSound(t *testing.T) {
	const n = 50
	nodes := []daNode{{0, daRoot, -1}, {7, 0, 0}, {1 << 30, 0, n - 1}}
	if !trieNodesSound(nodes, n) {
		t.Fatal("sound nodes refused")
	}
	for _, bad := range []daNode{{-1, 0, -1}, {0, 0, n}, {0, 0, -2}, {0, 0, -1 << 31}, {-1 << 31, 0, 1}} {
		if trieNodesSound(append(nodes, bad), n) {
			t.Errorf("node %+v accepted", bad)
		}
	}
}

// The word views read pairs of ids with the first in the low half, whatever the machine's order.
func TestU32WordsLowHalfFirst(t *testing.T) {
	w := u32Words([]uint32{1, 2})
	if len(w) != 1 || w[0] != binary.LittleEndian.Uint64([]byte{1, 0, 0, 0, 2, 0, 0, 0}) {
		t.Fatalf("got %#x", w)
	}
}
