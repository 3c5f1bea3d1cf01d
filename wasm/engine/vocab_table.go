package engine

import "fmt"

// vocabTable is a model vocabulary held flat: every token string in one arena, found by content through
// an open-addressing index and by id through a dense slice. Building it costs one string allocation and
// no Go maps, and its arrays are exactly what a model image stores.
//
// ids and byID are nil when entry i is id i for every entry, with no other id: HF files list their
// vocabulary so, and an image then stores neither table (1.2 MB for Qwen3) nor has them checked at load.
type vocabTable struct {
	arena string
	offs  []uint32 // entry i is arena[offs[i]:offs[i+1]]
	ids   []uint32 // id of entry i; nil when it is i
	byID  []uint32 // entry+1 of each id; 0 where the id is unused; nil when id i is entry i
	index []uint32 // per slot: entry+1 in the low entryBits (0 when empty), the key's hash in the others
	mask  uint32   // len(index)-1; the length is a power of two
}

// An index slot keeps the top bits of its key's hash beside the entry, so that a probe rejects most
// other keys without touching the arena: those reads are cache misses on a large vocabulary.
const (
	entryBits = 22
	entryMask = 1<<entryBits - 1
)

// newVocabTable checks the entries and indexes them. Every id must be below maxVocab and every token
// unique: a repeated token is an error, where HF's map would silently keep the last id.
func newVocabTable(arena string, offs, ids []uint32, maxVocab int) (*vocabTable, error) {
	n := len(ids)
	maxVocab = min(maxVocab, maxVocabEntries)
	if n > maxVocab {
		return nil, fmt.Errorf("more than %d entries: %w", maxVocab, ErrLimit)
	}
	if len(offs) != n+1 || offs[0] != 0 || int(offs[n]) != len(arena) {
		return nil, fmt.Errorf("entry offsets do not cover the token arena")
	}
	v := &vocabTable{arena: arena, offs: offs, ids: ids}
	for i := range n {
		if offs[i] > offs[i+1] {
			return nil, fmt.Errorf("entry %d: offsets decrease", i)
		}
	}
	maxID := -1
	for i, id := range ids {
		if int(id) >= maxVocab {
			return nil, fmt.Errorf("token %q: id %d is not below %d: %w", v.entry(uint32(i)), id, maxVocab, ErrLimit)
		}
		maxID = max(maxID, int(id))
	}
	v.byID = make([]uint32, maxID+1)
	size := 8
	for size*2 < n*3 { // at most two thirds full
		size <<= 1
	}
	v.index, v.mask = make([]uint32, size), uint32(size-1)
	for e := range n {
		key := v.entry(uint32(e))
		h := hashKey(key)
		slot := v.find(key, h)
		if v.index[slot] != 0 {
			return nil, fmt.Errorf("duplicate token %q", key)
		}
		v.index[slot] = uint32(e+1) | h&^entryMask
		v.byID[ids[e]] = uint32(e + 1)
	}
	return v, nil
}

func (v *vocabTable) entry(e uint32) string { return v.arena[v.offs[e]:v.offs[e+1]] }

// find returns the slot holding key, whose hash is h, or the empty slot where it would go.
func (v *vocabTable) find(key string, h uint32) uint32 {
	tag := h &^ entryMask
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		slot := v.index[i]
		if slot == 0 || (slot&^entryMask == tag && v.entry(slot&entryMask-1) == key) {
			return i
		}
	}
}

func (v *vocabTable) get(key string) (uint32, bool) {
	slot := v.index[v.find(key, hashKey(key))]
	if slot == 0 {
		return 0, false
	}
	return v.idOf(slot&entryMask - 1), true
}

// idOf is the id of entry e.
func (v *vocabTable) idOf(e uint32) uint32 {
	if v.ids == nil {
		return e
	}
	return v.ids[e]
}

// getBytes looks up a key held in a byte slice without allocating.
func (v *vocabTable) getBytes(key []byte) (uint32, bool) {
	h := hashKey(key)
	tag := h &^ entryMask
	for i := h & v.mask; ; i = (i + 1) & v.mask {
		slot := v.index[i]
		if slot == 0 {
			return 0, false
		}
		if slot&^entryMask == tag && v.entry(slot&entryMask-1) == string(key) {
			return v.idOf(slot&entryMask - 1), true
		}
	}
}

// token returns the token of id, if the vocabulary has one.
func (v *vocabTable) token(id uint32) (string, bool) {
	if !v.has(id) {
		return "", false
	}
	return v.tokenOf(id), true
}

// has reports whether id is in the vocabulary.
func (v *vocabTable) has(id uint32) bool {
	if v.byID == nil {
		return int(id) < v.len()
	}
	return int(id) < len(v.byID) && v.byID[id] != 0
}

// tokenOf returns the token of an id known to be in the vocabulary (one taken from it or from a
// merge table built against it).
func (v *vocabTable) tokenOf(id uint32) string {
	if v.byID == nil {
		return v.entry(id)
	}
	return v.entry(v.byID[id] - 1)
}

func (v *vocabTable) len() int { return len(v.offs) - 1 }

// inIDOrder reports whether entry i is id i for every entry, with no other id (see vocabTable).
func (v *vocabTable) inIDOrder() bool {
	if v.ids == nil {
		return true
	}
	if len(v.byID) != len(v.ids) {
		return false
	}
	for i, id := range v.ids {
		if id != uint32(i) || v.byID[i] != uint32(i+1) {
			return false
		}
	}
	return true
}

// vocabBuilder collects entries in file order before newVocabTable indexes them.
type vocabBuilder struct {
	arena []byte
	offs  []uint32
	ids   []uint32
}

func (b *vocabBuilder) add(tok []byte, id uint32) {
	b.arena = append(b.arena, tok...)
	b.offs = append(b.offs, uint32(len(b.arena)))
	b.ids = append(b.ids, id)
}

func (b *vocabBuilder) build(maxVocab int) (*vocabTable, error) {
	return newVocabTable(string(b.arena), b.offs, b.ids, maxVocab)
}

// hashKey hashes a token a word at a time: inside wasm a loop per byte (FNV) costs several times more.
// Words overlap at the ends rather than being padded, and the length is mixed in first.
func hashKey[T ~string | ~[]byte](k T) uint32 {
	n := len(k)
	h := uint64(n) * 0x9E3779B97F4A7C15
	switch {
	case n >= 8:
		for i := 0; i+8 < n; i += 8 {
			h = mixHash(h ^ load64(k, i))
		}
		h = mixHash(h ^ load64(k, n-8))
	case n >= 4:
		h = mixHash(h ^ (uint64(load32(k, 0))<<32 | uint64(load32(k, n-4))))
	case n > 0:
		h = mixHash(h ^ (uint64(k[0])<<16 | uint64(k[n>>1])<<8 | uint64(k[n-1])))
	}
	return uint32(h >> 32)
}

func mixHash(h uint64) uint64 {
	h *= 0xBF58476D1CE4E5B9
	return h ^ h>>31
}

func load64[T ~string | ~[]byte](k T, i int) uint64 {
	k = k[i : i+8]
	return uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
		uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
}

func load32[T ~string | ~[]byte](k T, i int) uint32 {
	k = k[i : i+4]
	return uint32(k[0]) | uint32(k[1])<<8 | uint32(k[2])<<16 | uint32(k[3])<<24
}
