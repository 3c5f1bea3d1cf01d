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

// wordToken is one token of a word cached by rawWordCache, ready to be copied into an Encoding.
type wordToken struct {
	value string // the token
	id    uint32
	end   uint32 // where the token ends in the word's bytes
	// The token's offsets in the word widened to whole characters: byte-level tokens may split one, and
	// then all of them cover it, as HF's offsets do.
	charStart, charEnd uint32
}

// rawWordCache is the word cache of words given as raw bytes (see byteModel), direct-mapped like
// wordCache. A word of up to 16 bytes is identified by its length and two 8-byte loads that cover it
// (see makeWordKey), so a hit costs no byte comparison; a longer one keeps a copy of its bytes.
type rawWordCache struct {
	slots []rawWordSlot
	spare []wordToken // the tokens of a word too long to be cached
}

type rawWordSlot struct {
	key  wordKey
	long []byte // the word, when longer than 16 bytes; reused by the words replacing each other
	toks []wordToken
}

// wordKey identifies a word by its length (0 for no word) and the bytes head and tail: all of them for
// words of up to 16 bytes, the first and last eight for longer ones.
type wordKey struct {
	head, tail uint64
	n          int
}

func makeWordKey(w string) wordKey {
	n := len(w)
	switch {
	case n >= 8:
		return wordKey{load64(w, 0), load64(w, n-8), n}
	case n >= 4:
		return wordKey{uint64(load32(w, 0)) | uint64(load32(w, n-4))<<32, 0, n}
	case n > 0:
		return wordKey{uint64(w[0]) | uint64(w[n>>1])<<8 | uint64(w[n-1])<<16, 0, n}
	}
	return wordKey{}
}

func (k wordKey) slot() uint64 {
	return ((k.head^uint64(k.n))*0x9E3779B97F4A7C15 ^ k.tail) * 0xBF58476D1CE4E5B9 >> (64 - rawWordCacheBits)
}

// rawWordCacheBits sizes the raw word cache. 32k slots gain 4% on the engine inside wasm but lose 4% in
// the real guest, whose frequent collections scan every slot's pointers.
const rawWordCacheBits = 14

// get returns the cached tokens of w.
func (c *rawWordCache) get(w string) ([]wordToken, bool) { return c.getKey(makeWordKey(w), w) }

// getKey returns the cached tokens of w under key k (see segmentKey).
func (c *rawWordCache) getKey(k wordKey, w string) ([]wordToken, bool) {
	if c.slots == nil {
		return nil, false
	}
	s := &c.slots[k.slot()]
	if s.key != k || (k.n > 16 && string(s.long) != w) {
		return nil, false
	}
	return s.toks, true
}

// put caches the tokens of w, merged into syms, and returns them.
func (c *rawWordCache) put(w string, syms []wordSymbol, vocab *vocabTable) []wordToken {
	return c.putKey(makeWordKey(w), w, syms, vocab)
}

// putKey is put under key k (see segmentKey).
func (c *rawWordCache) putKey(k wordKey, w string, syms []wordSymbol, vocab *vocabTable) []wordToken {
	if len(w) >= wordCacheMaxLen {
		c.spare = appendWordTokens(c.spare[:0], w, syms, vocab)
		return c.spare
	}
	if c.slots == nil {
		c.slots = make([]rawWordSlot, 1<<rawWordCacheBits)
	}
	s := &c.slots[k.slot()]
	s.key = k
	if k.n > 16 {
		s.long = append(s.long[:0], w...)
	}
	s.toks = appendWordTokens(s.toks[:0], w, syms, vocab)
	return s.toks
}

// appendWordTokens appends the tokens of word w, merged into syms.
func appendWordTokens(dst []wordToken, w string, syms []wordSymbol, vocab *vocabTable) []wordToken {
	pos := 0
	for _, sym := range syms {
		end := pos + int(sym.len)
		start, stop := pos, end
		for start > 0 && w[start]&0xC0 == 0x80 {
			start--
		}
		for stop < len(w) && w[stop]&0xC0 == 0x80 {
			stop++
		}
		dst = append(dst, wordToken{vocab.tokenOf(sym.id), sym.id, uint32(end), uint32(start), uint32(stop)})
		pos = end
	}
	return dst
}
