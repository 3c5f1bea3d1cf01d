package regex

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

// runeSet is a sorted list of disjoint, non-adjacent ranges. Built at compile time only.
type runeSet []runeRange

func setOf(ranges ...runeRange) runeSet { return runeSet(nil).union(ranges) }

// union returns the canonical union of s and more.
func (s runeSet) union(more []runeRange) runeSet {
	all := append(append(make([]runeRange, 0, len(s)+len(more)), s...), more...)
	slices.SortFunc(all, func(a, b runeRange) int { return int(a.lo - b.lo) })
	out := all[:0]
	for _, r := range all {
		if n := len(out); n > 0 && r.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, r.hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// negate returns the complement of s within [0, MaxRune].
func (s runeSet) negate() runeSet {
	var out runeSet
	next := rune(0)
	for _, r := range s {
		if r.lo > next {
			out = append(out, runeRange{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, runeRange{next, unicode.MaxRune})
	}
	return out
}

func (s runeSet) intersect(t runeSet) runeSet {
	return s.negate().union(t.negate()).negate()
}

func (s runeSet) contains(r rune) bool {
	_, found := slices.BinarySearchFunc(s, r, func(rr runeRange, r rune) int {
		switch {
		case rr.hi < r:
			return -1
		case rr.lo > r:
			return 1
		}
		return 0
	})
	return found
}

// foldClosure adds every simple case-fold variant of each member (every character with one has a case
// mapping, so walking unicode.CaseRanges finds them all), which is how Oniguruma applies (?i) to
// characters and classes (CaseFolding.txt simple foldings; its multi-character foldings such as ß→ss are not
// applied, see README).
func (s runeSet) foldClosure() runeSet {
	var extra []runeRange
	for _, cr := range unicode.CaseRanges {
		for r := rune(cr.Lo); r <= rune(cr.Hi); r++ {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if s.contains(f) && !s.contains(r) {
					extra = append(extra, runeRange{r, r})
					break
				}
			}
		}
	}
	return s.union(extra)
}

func tableSet(t *unicode.RangeTable) runeSet {
	var out []runeRange
	for _, r := range t.R16 {
		out = appendStrided(out, rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		out = appendStrided(out, rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return runeSet(nil).union(out)
}

func appendStrided(out []runeRange, lo, hi, stride rune) []runeRange {
	if stride == 1 {
		return append(out, runeRange{lo, hi})
	}
	for r := lo; r <= hi; r += stride {
		out = append(out, runeRange{r, r})
	}
	return out
}

// charClass is the matching form of a runeSet: a bitmap for ASCII, binary search above.
type charClass struct {
	ascii [2]uint64
	above runeSet
}

func newCharClass(s runeSet) *charClass {
	c := &charClass{}
	for _, r := range s {
		for x := r.lo; x <= r.hi && x < utf8.RuneSelf; x++ {
			c.ascii[x>>6] |= 1 << (x & 63)
		}
		if r.hi >= utf8.RuneSelf {
			c.above = append(c.above, runeRange{max(r.lo, utf8.RuneSelf), r.hi})
		}
	}
	return c
}

func (c *charClass) has(r rune) bool {
	if r < utf8.RuneSelf {
		return c.ascii[r>>6]&(1<<(r&63)) != 0
	}
	return c.above.contains(r)
}
