package runtime

import (
	"slices"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// TestParseEncodingsCarvesIndependentArrays reads a batch whose encodings share the slabs: each must come
// back exact, an empty one as an empty (not nil) slice, one larger than a slab whole, and none may reach
// into its neighbour when a caller appends to it.
func TestParseEncodingsCarvesIndependentArrays(t *testing.T) {
	lengths := []int{3, 2, 0, slabSize + 5, 4}
	res := abi.AppendU32(nil, uint32(len(lengths)))
	var want []Encoding
	next := uint32(1)
	for _, n := range lengths {
		e := Encoding{IDs: []uint32{}, Offsets: [][2]uint32{}}
		for range n {
			e.IDs = append(e.IDs, next)
			e.Offsets = append(e.Offsets, [2]uint32{next, next + 1})
			next++
		}
		want = append(want, e)
		res = abi.AppendU32s(abi.AppendU32(res, uint32(n)), e.IDs)
		for _, o := range e.Offsets {
			res = abi.AppendU32(abi.AppendU32(res, o[0]), o[1])
		}
	}
	got, err := parseEncodings(res, EncodeOptions{Offsets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d encodings, want %d", len(got), len(want))
	}
	for i := range got {
		got[i].IDs = append(got[i].IDs, 0) // must not write over the next encoding
		got[i].Offsets = append(got[i].Offsets, [2]uint32{})
	}
	for i := range got {
		ids, offsets := got[i].IDs[:len(want[i].IDs)], got[i].Offsets[:len(want[i].Offsets)]
		if !slices.Equal(ids, want[i].IDs) || !slices.Equal(offsets, want[i].Offsets) {
			t.Errorf("encoding %d (%d tokens) differs", i, lengths[i])
		}
	}
	if empty, err := parseEncodings(abi.AppendU32(abi.AppendU32(nil, 1), 0), EncodeOptions{Offsets: true}); err != nil || empty[0].IDs == nil || empty[0].Offsets == nil {
		t.Errorf("an empty encoding alone: %+v, %v; want empty non-nil arrays", empty, err)
	}
	if _, err := parseEncodings(res[:len(res)-1], EncodeOptions{Offsets: true}); err == nil {
		t.Error("a truncated result was accepted")
	}
}
