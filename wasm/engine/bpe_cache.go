package engine

import "strings"

// wordCacheCapacity and wordCacheMaxLen are HF's DEFAULT_CACHE_CAPACITY and MAX_LENGTH.
const (
	wordCacheCapacity = 10000
	wordCacheMaxLen   = 256
)

// wordCache remembers merged words, like HF's BPE cache. It is bounded: when full it starts over, so
// that it follows the vocabulary of the current text. Entries live in one arena so that the cache
// costs no allocation per word.
type wordCache struct {
	keys  *strTable // word -> index into spans
	spans []span    // symbols of entry i: arena[start:end]
	arena []wordSymbol
	limit int
}

func newWordCache(capacity int) *wordCache {
	return &wordCache{keys: newStrTable(capacity), limit: capacity}
}

func (c *wordCache) get(word string) ([]wordSymbol, bool) {
	idx, ok := c.keys.get(word)
	if !ok {
		return nil, false
	}
	sp := c.spans[idx]
	return c.arena[sp.start:sp.end], true
}

func (c *wordCache) put(word string, syms []wordSymbol) {
	if len(word) >= wordCacheMaxLen {
		return
	}
	if c.keys.len() >= c.limit {
		c.keys = newStrTable(c.limit)
		c.spans, c.arena = c.spans[:0], c.arena[:0]
	}
	start := len(c.arena)
	c.arena = append(c.arena, syms...)
	c.keys.put(strings.Clone(word), uint32(len(c.spans)))
	c.spans = append(c.spans, span{start, len(c.arena)})
}
