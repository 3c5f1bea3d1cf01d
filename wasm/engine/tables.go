package engine

// Flat open-addressing hash tables for the hot path: Go maps are several times slower inside wasm.
// Both tables are built once at load time and only read afterwards.

// strTable maps strings to uint32 values.
type strTable struct {
	slots []int32 // index into keys, -1 when empty; len is a power of two
	keys  []string
	vals  []uint32
	mask  uint32
}

func newStrTable(capacity int) *strTable {
	size := 8
	for size < capacity*2 {
		size <<= 1
	}
	t := &strTable{slots: make([]int32, size), mask: uint32(size - 1)}
	for i := range t.slots {
		t.slots[i] = -1
	}
	t.keys = make([]string, 0, capacity)
	t.vals = make([]uint32, 0, capacity)
	return t
}

// hashString is FNV-1a; token strings are short, so a byte loop is cheap.
func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func hashBytes(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// put sets key to val, replacing an existing value (later entries win, as when HF collects a map).
func (t *strTable) put(key string, val uint32) {
	if len(t.keys)*2 >= len(t.slots) {
		t.grow()
	}
	for i := hashString(key) & t.mask; ; i = (i + 1) & t.mask {
		k := t.slots[i]
		if k < 0 {
			t.slots[i] = int32(len(t.keys))
			t.keys = append(t.keys, key)
			t.vals = append(t.vals, val)
			return
		}
		if t.keys[k] == key {
			t.vals[k] = val
			return
		}
	}
}

func (t *strTable) grow() {
	size := len(t.slots) * 2
	t.slots = make([]int32, size)
	t.mask = uint32(size - 1)
	for i := range t.slots {
		t.slots[i] = -1
	}
	for idx, key := range t.keys {
		i := hashString(key) & t.mask
		for t.slots[i] >= 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = int32(idx)
	}
}

func (t *strTable) get(key string) (uint32, bool) {
	for i := hashString(key) & t.mask; ; i = (i + 1) & t.mask {
		k := t.slots[i]
		if k < 0 {
			return 0, false
		}
		if t.keys[k] == key {
			return t.vals[k], true
		}
	}
}

// getBytes looks up a key held in a byte slice without allocating.
func (t *strTable) getBytes(key []byte) (uint32, bool) {
	for i := hashBytes(key) & t.mask; ; i = (i + 1) & t.mask {
		k := t.slots[i]
		if k < 0 {
			return 0, false
		}
		if t.keys[k] == string(key) {
			return t.vals[k], true
		}
	}
}

func (t *strTable) len() int { return len(t.keys) }

// u64Table maps uint64 keys to uint64 values. Key and value share a slot so that a probe touches one
// cache line; the all-ones key marks an empty slot and cannot be stored.
type u64Table struct {
	slots []u64Slot
	n     int
	mask  uint64
}

type u64Slot struct{ key, val uint64 }

const emptyKey = ^uint64(0)

func newU64Table(capacity int) *u64Table {
	size := 8
	for size*2 < capacity*3 {
		size <<= 1
	}
	t := &u64Table{slots: make([]u64Slot, size), mask: uint64(size - 1)}
	for i := range t.slots {
		t.slots[i].key = emptyKey
	}
	return t
}

func hashU64(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> 24 }

func (t *u64Table) put(key, val uint64) {
	if (t.n+1)*3 > len(t.slots)*2 { // at most two thirds full: the merge table is most of a model's memory
		t.grow()
	}
	for i := hashU64(key) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == emptyKey {
			s.key, s.val = key, val
			t.n++
			return
		}
		if s.key == key {
			s.val = val
			return
		}
	}
}

func (t *u64Table) grow() {
	old := t.slots
	*t = *newU64Table(len(old))
	for _, s := range old {
		if s.key != emptyKey {
			t.put(s.key, s.val)
		}
	}
}

func (t *u64Table) get(key uint64) (uint64, bool) {
	for i := hashU64(key) & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s.key == key {
			return s.val, true
		}
		if s.key == emptyKey {
			return 0, false
		}
	}
}
