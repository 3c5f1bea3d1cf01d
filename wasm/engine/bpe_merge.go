package engine

// bpeScratch holds the buffers of one word merge, reused between calls.
type bpeScratch struct {
	syms   []wordSymbol
	keys   []uint64 // mergeLinear: per symbol, the pair key of the merge with the next symbol
	newIDs []uint32 // mergeLinear: per symbol, the id that merge produces
	links  []symbolLink
	heap   mergeHeap
}

// symbolLink chains the live symbols of a word while merging (HF word.rs Symbol).
type symbolLink struct {
	prev, next int32
}

// linearMergeMax is the word length up to which a plain scan for the best pair beats the heap; it must
// stay below 256 (see pairOrder).
const linearMergeMax = 48

// mergeAll applies merges to s.syms until none applies, always merging the pair of lowest rank and,
// among equal ranks, the leftmost one: the order HF's Word::merge_all produces with its heap.
func (s *bpeScratch) mergeAll(merges *mergeTable) {
	if len(s.syms) < 2 {
		return
	}
	if len(s.syms) <= linearMergeMax {
		s.mergeLinear(merges)
		return
	}
	s.mergeHeap(merges)
}

// noMerge marks a pair without a merge in the merge table's answers.
const noMerge = ^uint64(0)

// In mergeLinear a pair is ordered by its pair key, rank<<8 | position of its left symbol: the smallest
// key is the merge to apply next, leftmost among equal ranks. Pairs without a merge share the largest
// rank, and the pair after a merged-away symbol sorts last of all.
const (
	noMergeKey = noMerge >> 32 << 8
	deadKey    = ^uint64(0)
)

// pairOrder is the pair key of merge v (rank<<32 | new id, or noMerge) at position pos.
func pairOrder(v uint64, pos int) uint64 { return v>>32<<8 | uint64(pos) }

// mergeLinear keeps the pair key of every symbol with the next and takes their minimum, which inside
// wasm compiles to a loop without branches; symbols stay in place, merged-away ones are unlinked.
// After a merge only the two pairs next to it are looked up again, probing the merge cache inline: a
// call costs more than the probe inside wasm.
func (s *bpeScratch) mergeLinear(merges *mergeTable) {
	syms := s.syms
	n := len(syms)
	keys, newIDs, links := resize(s.keys, n), resize(s.newIDs, n), resize(s.links, n)
	s.keys, s.newIDs, s.links = keys, newIDs, links
	for i := range n - 1 {
		k := pairKey(syms[i].id, syms[i+1].id)
		slot := merges.cacheSlot(k)
		v := slot.val
		if slot.key != k {
			v = merges.lookupTable(k, slot)
		}
		keys[i], newIDs[i] = pairOrder(v, i), uint32(v)
		links[i] = symbolLink{int32(i - 1), int32(i + 1)}
	}
	keys[n-1] = noMergeKey
	links[n-1] = symbolLink{int32(n - 2), int32(n)}
	for {
		best := deadKey
		for _, k := range keys {
			best = min(best, k)
		}
		if best >= noMergeKey {
			break
		}
		p := int(best & 0xFF)
		q := int(links[p].next)
		syms[p] = wordSymbol{newIDs[p], syms[p].len + syms[q].len}
		syms[q].len, keys[q] = 0, deadKey
		after := int(links[q].next)
		links[p].next = int32(after)
		if after < n {
			links[after].prev = int32(p)
			k := pairKey(syms[p].id, syms[after].id)
			slot := merges.cacheSlot(k)
			v := slot.val
			if slot.key != k {
				v = merges.lookupTable(k, slot)
			}
			keys[p], newIDs[p] = pairOrder(v, p), uint32(v)
		} else {
			keys[p] = noMergeKey
		}
		if before := int(links[p].prev); before >= 0 {
			k := pairKey(syms[before].id, syms[p].id)
			slot := merges.cacheSlot(k)
			v := slot.val
			if slot.key != k {
				v = merges.lookupTable(k, slot)
			}
			keys[before], newIDs[before] = pairOrder(v, before), uint32(v)
		}
	}
	out := syms[:0]
	for _, sym := range syms {
		if sym.len != 0 {
			out = append(out, sym)
		}
	}
	s.syms = out
}

// mergeHeap is HF's Word::merge_all: a min-heap of candidate merges by (rank, position); stale entries
// are recognised because the pair at their position no longer produces their token.
func (s *bpeScratch) mergeHeap(merges *mergeTable) {
	syms := s.syms
	n := len(syms)
	s.links = s.links[:0]
	for i := 0; i < n; i++ {
		next := int32(i + 1)
		if i == n-1 {
			next = -1
		}
		s.links = append(s.links, symbolLink{int32(i - 1), next})
	}
	links := s.links
	h := &s.heap
	h.items = h.items[:0]
	for i := 0; i+1 < n; i++ {
		if v := merges.lookup(pairKey(syms[i].id, syms[i+1].id)); v != noMerge {
			h.push(mergeCandidate{rank: uint32(v >> 32), pos: int32(i), newID: uint32(v)})
		}
	}
	for len(h.items) > 0 {
		top := h.pop()
		pos := top.pos
		if syms[pos].len == 0 || links[pos].next < 0 {
			continue
		}
		next := links[pos].next
		v := merges.lookup(pairKey(syms[pos].id, syms[next].id))
		if v == noMerge || uint32(v) != top.newID {
			continue
		}
		syms[pos] = wordSymbol{top.newID, syms[pos].len + syms[next].len}
		syms[next].len = 0
		links[pos].next = links[next].next
		if nn := links[next].next; nn >= 0 {
			links[nn].prev = pos
		}
		if prev := links[pos].prev; prev >= 0 {
			if v := merges.lookup(pairKey(syms[prev].id, syms[pos].id)); v != noMerge {
				h.push(mergeCandidate{rank: uint32(v >> 32), pos: prev, newID: uint32(v)})
			}
		}
		if nn := links[pos].next; nn >= 0 {
			if v := merges.lookup(pairKey(syms[pos].id, syms[nn].id)); v != noMerge {
				h.push(mergeCandidate{rank: uint32(v >> 32), pos: pos, newID: uint32(v)})
			}
		}
	}
	out := syms[:0]
	for _, sym := range syms {
		if sym.len != 0 {
			out = append(out, sym)
		}
	}
	s.syms = out
}

type mergeCandidate struct {
	rank  uint32
	pos   int32
	newID uint32
}

func (a mergeCandidate) less(b mergeCandidate) bool {
	return a.rank < b.rank || (a.rank == b.rank && a.pos < b.pos)
}

// mergeHeap is a binary min-heap of merge candidates.
type mergeHeap struct{ items []mergeCandidate }

func (h *mergeHeap) push(c mergeCandidate) {
	h.items = append(h.items, c)
	i := len(h.items) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !h.items[i].less(h.items[parent]) {
			break
		}
		h.items[i], h.items[parent] = h.items[parent], h.items[i]
		i = parent
	}
}

func (h *mergeHeap) pop() mergeCandidate {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	for i := 0; ; {
		l, r, small := 2*i+1, 2*i+2, i
		if l < last && h.items[l].less(h.items[small]) {
			small = l
		}
		if r < last && h.items[r].less(h.items[small]) {
			small = r
		}
		if small == i {
			break
		}
		h.items[i], h.items[small] = h.items[small], h.items[i]
		i = small
	}
	return top
}

// mergeTable is the merge table with two small structures in front: the big table does not fit in
// the CPU caches, while the pairs of real text repeat a lot and most pairs a merge looks up have no
// merge. A direct-mapped cache keeps recent answers; a one-bit-per-slot filter of the table's keys
// answers most pairs without a merge, which would otherwise probe the table furthest.
type mergeTable struct {
	table       *u64Table
	cache       [mergeCacheSize]u64Slot
	filter      []uint64 // bit filterHash(key) is set for every key of table
	filterShift uint     // 64 - log2 of the filter's bits
}

const mergeCacheSize = 1 << 14

func newMergeTable(t *u64Table) *mergeTable {
	m := &mergeTable{table: t}
	for i := range m.cache {
		m.cache[i].key = emptyKey
	}
	// Eight to sixteen bits per merge: one pair without a merge in 8 to 16 passes the filter.
	bits := uint(6)
	for 1<<bits < 8*t.n {
		bits++
	}
	m.filter, m.filterShift = make([]uint64, 1<<(bits-6)), 64-bits
	for _, s := range t.slots {
		if s.key != emptyKey {
			h := m.filterHash(s.key)
			m.filter[h>>6] |= 1 << (h & 63)
		}
	}
	return m
}

func (m *mergeTable) filterHash(key uint64) uint64 { return key * 0xD6E8FEB86659FD93 >> m.filterShift }

// lookup returns rank<<32 | new id for the pair key, or noMerge. Hot loops probe the cache inline
// (see cacheSlot) instead: lookup is a call inside wasm.
func (m *mergeTable) lookup(key uint64) uint64 {
	slot := m.cacheSlot(key)
	if slot.key == key {
		return slot.val
	}
	return m.lookupTable(key, slot)
}

// cacheSlot is the slot of the pair key in the cache.
func (m *mergeTable) cacheSlot(key uint64) *u64Slot { return &m.cache[key*0x9E3779B97F4A7C15>>50] }

// lookupTable is lookup past the cache; it caches the answer in slot.
func (m *mergeTable) lookupTable(key uint64, slot *u64Slot) uint64 {
	v := noMerge
	if h := m.filterHash(key); m.filter[h>>6]&(1<<(h&63)) != 0 {
		if found, ok := m.table.get(key); ok {
			v = found
		}
	}
	slot.key, slot.val = key, v
	return v
}
