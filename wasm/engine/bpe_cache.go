package engine

// wordCacheSlots and wordCacheMaxLen bound the word cache; HF caches 10,000 words of under 256 bytes.
const (
	wordCacheSlots  = 1 << 14
	wordCacheMaxLen = 256
)

// wordCache remembers merged words, like HF's BPE cache. It is direct-mapped: a new word replaces the
// one in its slot, so the cache keeps following the words of the current text at a fixed size. Its slots
// are allocated at the first put: a model uses one of its two caches only, and a fresh instance should
// not carry the other.
type wordCache struct {
	slots []wordCacheSlot
}

type wordCacheSlot struct {
	word []byte // reused by the words that replace each other in the slot, to save an allocation per put
	syms []wordSymbol
	used bool
}

func newWordCache() *wordCache { return &wordCache{} }

func (c *wordCache) slot(word string) *wordCacheSlot {
	return &c.slots[hashKey(word)&(wordCacheSlots-1)]
}

func (c *wordCache) get(word string) ([]wordSymbol, bool) {
	if c.slots == nil {
		return nil, false
	}
	s := c.slot(word)
	if !s.used || string(s.word) != word {
		return nil, false
	}
	return s.syms, true
}

func (c *wordCache) put(word string, syms []wordSymbol) {
	if len(word) >= wordCacheMaxLen {
		return
	}
	if c.slots == nil {
		c.slots = make([]wordCacheSlot, wordCacheSlots)
	}
	s := c.slot(word)
	s.word, s.syms, s.used = append(s.word[:0], word...), append(s.syms[:0], syms...), true
}
