package engine

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestKeepASCIIPairsInLR checks the word-wise filter against its definition, pair by pair: a pair stays
// in J exactly when it was there, its left side is in L and its right side in R.
func TestKeepASCIIPairsInLR(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		var p pairCuts
		for i := range p.bmpLeft {
			p.bmpLeft[i], p.bmpRight[i] = rng.Uint64(), rng.Uint64()
		}
		for i := range p.asciiJoined {
			p.asciiJoined[i] = rng.Uint64()
		}
		before := p
		p.keepASCIIPairsInLR()
		for a := range rune(utf8.RuneSelf) {
			for b := range rune(utf8.RuneSelf) {
				want := before.joinsASCII(a, b) && before.endsJoin(a) && before.startsJoin(b)
				if got := p.joinsASCII(a, b); got != want {
					t.Fatalf("pair (%d, %d): %v, want %v", a, b, got, want)
				}
			}
		}
	}
}
