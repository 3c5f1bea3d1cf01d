package engine

// segmentCacheBits sizes a segmentCache: 1<<segmentCacheBits sets of two slots. Segments are short and
// many (about 25,000 distinct ones per 100,000 lines of mixed text): a direct-mapped cache of the same
// size lost half of its hits to collisions.
const segmentCacheBits = 14

// segmentToken is one token of a cached segment, ready to be copied out.
type segmentToken struct {
	value string
	id    uint32
	len   uint32 // how many bytes of the segment it covers
}

// segmentCache keeps the finished tokens of segments (bpe_segments.go), two-way set associative: a
// segment is looked for in the two slots of its set, and a new one replaces the slot used least
// recently. A segment of up to 16 bytes is identified by its wordKey alone, without comparing bytes.
type segmentCache struct {
	slots  []segmentSlot // 2 per set, allocated on first put
	recent []uint8       // per set, the slot (0 or 1) hit or filled last
}

type segmentSlot struct {
	key  wordKey
	long []byte // the segment, when longer than 16 bytes; reused by the segments replacing each other
	toks []segmentToken
}

// segmentSet is the set of the segment with key k.
func segmentSet(k wordKey) uint64 {
	return ((k.head^uint64(k.n))*0x9E3779B97F4A7C15 ^ k.tail) * 0xBF58476D1CE4E5B9 >> (64 - segmentCacheBits)
}

// get returns the tokens of seg, whose key is k, and whether it was cached.
func (c *segmentCache) get(seg string, k wordKey) ([]segmentToken, bool) {
	if c.slots == nil {
		return nil, false
	}
	set := segmentSet(k)
	for way := range uint64(2) {
		s := &c.slots[2*set+way]
		if s.key == k && (k.n <= 16 || string(s.long) == seg) {
			c.recent[set] = uint8(way)
			return s.toks, true
		}
	}
	return nil, false
}

// put caches the tokens of seg, whose key is k, built from its merged symbols; it returns them.
func (c *segmentCache) put(seg string, k wordKey, syms []wordSymbol, v *vocabTable) []segmentToken {
	if c.slots == nil {
		c.slots, c.recent = make([]segmentSlot, 2<<segmentCacheBits), make([]uint8, 1<<segmentCacheBits)
	}
	set := segmentSet(k)
	way := 1 - uint64(c.recent[set])
	c.recent[set] = uint8(way)
	s := &c.slots[2*set+way]
	s.key, s.long, s.toks = k, s.long[:0], s.toks[:0]
	if k.n > 16 {
		s.long = append(s.long, seg...)
	}
	for _, sym := range syms {
		s.toks = append(s.toks, segmentToken{value: v.tokenOf(sym.id), id: sym.id, len: sym.len})
	}
	return s.toks
}
