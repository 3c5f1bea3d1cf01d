package engine

import (
	"math/rand/v2"
	"testing"
)

// TestWordMasks checks the eight-bytes-at-a-time masks against the byte-by-byte definitions, on words
// made of every interesting byte value at every position and on random words.
func TestWordMasks(t *testing.T) {
	edges := []byte{0, 1, 0x1F, ' ', '!', '@', 'A', 'M', 'Z', '[', '`', 'a', 'z', '{', 0x7E, 0x7F}
	rng := rand.New(rand.NewPCG(1, 2))
	var words []uint64
	for _, e := range edges {
		for pos := range 8 {
			words = append(words, rng.Uint64()&^highBits&^(0xFF<<(8*pos))|uint64(e)<<(8*pos))
		}
	}
	for range 10000 {
		words = append(words, rng.Uint64()&^highBits)
	}
	for _, w := range words {
		var wantEqual, wantUpper, wantControl, wantLower uint64
		for pos := range 8 {
			b := byte(w >> (8 * pos))
			bit := uint64(0x80) << (8 * pos)
			lower := b
			if b == ' ' {
				wantEqual |= bit
			}
			if 'A' <= b && b <= 'Z' {
				wantUpper |= bit
				lower += 'a' - 'A'
			}
			if b < ' ' || b == 0x7F {
				wantControl |= bit
			}
			wantLower |= uint64(lower) << (8 * pos)
		}
		if got := equalBytes(w, ' '); got != wantEqual {
			t.Errorf("equalBytes(%#016x, ' ') = %#016x, want %#016x", w, got, wantEqual)
		}
		if got := upperBytes(w); got != wantUpper {
			t.Errorf("upperBytes(%#016x) = %#016x, want %#016x", w, got, wantUpper)
		}
		if got := controlBytes(w); got != wantControl {
			t.Errorf("controlBytes(%#016x) = %#016x, want %#016x", w, got, wantControl)
		}
		if got := lowerWord(w); got != wantLower {
			t.Errorf("lowerWord(%#016x) = %#016x, want %#016x", w, got, wantLower)
		}
	}
	// equalBytes works on any byte values, not only ASCII.
	if got := equalBytes(0x80FF002020FF8000, 0xFF); got != 0x0080000000800000 {
		t.Errorf("equalBytes with high bytes = %#016x", got)
	}
}
