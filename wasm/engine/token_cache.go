package engine

// tokenCacheBits sizes a tokenCache: 1<<tokenCacheBits sets of two slots. SentencePiece segments are
// short and many (about 25,000 distinct ones per 100,000 lines of mixed text): a direct-mapped cache of
// the same size lost half of its hits to collisions. 1<<15 sets beat 1<<14 by about 2% on the bench
// corpus in the sandbox (Mistral, bert), for about 2.4 MiB more per instance.
const tokenCacheBits = 15

// cachedToken is one token of a cached word, ready to be copied out.
type cachedToken struct {
	value string
	id    uint32
	len   uint32 // how many bytes of the word it covers
}

// tokenCache keeps the finished tokens of words (SentencePiece segments, WordPiece words), two-way set
// associative: a word is looked for in the two slots of its set, and a new one replaces the slot used
// least recently. A word of up to 16 bytes is identified by its wordKey alone, without comparing bytes.
type tokenCache struct {
	slots  []tokenCacheSlot // 2 per set, allocated on first put
	recent []uint8          // per set, the slot (0 or 1) hit or filled last
}

type tokenCacheSlot struct {
	key  wordKey
	long []byte // the word, when longer than 16 bytes; reused by the words replacing each other
	toks []cachedToken
}

// tokenCacheSet is the set of the word with key k.
func tokenCacheSet(k wordKey) uint64 {
	return ((k.head^uint64(k.n))*0x9E3779B97F4A7C15 ^ k.tail) * 0xBF58476D1CE4E5B9 >> (64 - tokenCacheBits)
}

// get returns the tokens of word, whose key is k, and whether it was cached.
func (c *tokenCache) get(word string, k wordKey) ([]cachedToken, bool) {
	if c.slots == nil {
		return nil, false
	}
	set := tokenCacheSet(k)
	for way := range uint64(2) {
		s := &c.slots[2*set+way]
		if s.key == k && (k.n <= 16 || string(s.long) == word) {
			c.recent[set] = uint8(way)
			return s.toks, true
		}
	}
	return nil, false
}

// put makes room for word, whose key is k, and returns its empty token list for the caller to fill.
func (c *tokenCache) put(word string, k wordKey) *[]cachedToken {
	if c.slots == nil {
		c.slots, c.recent = make([]tokenCacheSlot, 2<<tokenCacheBits), make([]uint8, 1<<tokenCacheBits)
	}
	set := tokenCacheSet(k)
	way := 1 - uint64(c.recent[set])
	c.recent[set] = uint8(way)
	s := &c.slots[2*set+way]
	s.key, s.long, s.toks = k, s.long[:0], s.toks[:0]
	if k.n > 16 {
		s.long = append(s.long, word...)
	}
	return &s.toks
}
