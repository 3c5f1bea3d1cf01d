package engine

// segmentCacheSets is the number of two-way sets of a segmentCache. Segments are short and many
// (about 25,000 distinct ones per 100,000 lines of mixed text): a direct-mapped cache of the same size
// lost half of its hits to collisions.
const segmentCacheSets = 1 << 14

// segmentToken is one token of a cached segment, ready to be copied out.
type segmentToken struct {
	value string
	id    uint32
	len   uint32 // how many bytes of the segment it covers
}

// segmentCache keeps the finished tokens of segments (bpe_segments.go), two-way set associative: a
// segment is looked for in the two slots of its set, and a new one replaces the slot used least
// recently.
type segmentCache struct {
	slots  []segmentSlot // 2 per set, allocated on first put
	recent []uint8       // per set, the slot (0 or 1) hit or filled last
}

type segmentSlot struct {
	word []byte // reused by the segments that replace each other in the slot
	toks []segmentToken
	hash uint32
	used bool
}

// get returns the tokens of seg, whose hashKey is h, and whether it was cached.
func (c *segmentCache) get(seg string, h uint32) ([]segmentToken, bool) {
	if c.slots == nil {
		return nil, false
	}
	set := h & (segmentCacheSets - 1)
	for way := range uint32(2) {
		s := &c.slots[2*set+way]
		if s.hash == h && s.used && string(s.word) == seg {
			c.recent[set] = uint8(way)
			return s.toks, true
		}
	}
	return nil, false
}

// put caches the tokens of seg, whose hashKey is h, built from its merged symbols; it returns them.
func (c *segmentCache) put(seg string, h uint32, syms []wordSymbol, v *vocabTable) []segmentToken {
	if c.slots == nil {
		c.slots, c.recent = make([]segmentSlot, 2*segmentCacheSets), make([]uint8, segmentCacheSets)
	}
	set := h & (segmentCacheSets - 1)
	way := 1 - uint32(c.recent[set])
	c.recent[set] = uint8(way)
	s := &c.slots[2*set+way]
	s.word, s.hash, s.used = append(s.word[:0], seg...), h, true
	s.toks = s.toks[:0]
	for _, sym := range syms {
		s.toks = append(s.toks, segmentToken{value: v.tokenOf(sym.id), id: sym.id, len: sym.len})
	}
	return s.toks
}
