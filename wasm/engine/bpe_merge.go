package engine

import "math/bits"

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
	deadKey    = 1 << 62 // below 1<<63, so that minKey can subtract keys
)

// minKey returns the smallest of keys, whose length is a multiple of four. It takes minimums by
// arithmetic, four lanes a turn: inside wasm every branch and every turn of a loop is a jump, and the
// compiler keeps a branch for min() here because the result indexes memory.
func minKey(keys []uint64) uint64 {
	b0, b1, b2, b3 := uint64(deadKey), uint64(deadKey), uint64(deadKey), uint64(deadKey)
	for i := 0; i+4 <= len(keys); i += 4 {
		q := keys[i : i+4 : i+4]
		d0, d1, d2, d3 := q[0]-b0, q[1]-b1, q[2]-b2, q[3]-b3
		b0 += d0 & uint64(int64(d0)>>63)
		b1 += d1 & uint64(int64(d1)>>63)
		b2 += d2 & uint64(int64(d2)>>63)
		b3 += d3 & uint64(int64(d3)>>63)
	}
	d0, d1 := b1-b0, b3-b2
	b0 += d0 & uint64(int64(d0)>>63)
	b2 += d1 & uint64(int64(d1)>>63)
	d0 = b2 - b0
	return b0 + d0&uint64(int64(d0)>>63)
}

// pairOrder is the pair key of merge v (rank<<32 | new id, or noMerge) at position pos.
func pairOrder(v uint64, pos int) uint64 { return v>>32<<8 | uint64(pos) }

// mergeLinear keeps the pair key of every symbol with the next and takes their minimum; symbols stay in
// place, merged-away ones are unlinked. After a merge only the two pairs next to it are looked up again.
// Lookups probe the pair cache and the filter inline, calling only to search the table: inside wasm a
// call costs more than the probes.
func (s *bpeScratch) mergeLinear(merges *mergeTable) {
	syms := s.syms
	n := len(syms)
	// keys has room for whole groups of four (see minKey); the padding never merges.
	keys, newIDs, links := resize(s.keys, (n+3)&^3), resize(s.newIDs, n), resize(s.links, n)
	s.keys, s.newIDs, s.links = keys, newIDs, links
	fillN(keys[n-1:], deadKey)
	for i := range n - 1 {
		k := pairKey(syms[i].id, syms[i+1].id)
		slot := merges.cacheSlot(k)
		if slot.key != ^k {
			slot.key, slot.val = ^k, noMerge
			if merges.mayHave(k) {
				slot.val = merges.tableLookup(k)
			}
		}
		keys[i], newIDs[i] = pairOrder(slot.val, i), uint32(slot.val)
		links[i] = symbolLink{int32(i - 1), int32(i + 1)}
	}
	keys[n-1] = noMergeKey
	links[n-1] = symbolLink{int32(n - 2), int32(n)}
	for {
		best := minKey(keys)
		if best >= noMergeKey {
			break
		}
		p := int(best & 0xFF)
		q := int(links[p].next)
		syms[p] = wordSymbol{newIDs[p], syms[p].len + syms[q].len}
		syms[q].len, keys[q] = 0, deadKey
		after := int(links[q].next)
		links[p].next = int32(after)
		keys[p] = noMergeKey
		if after < n {
			links[after].prev = int32(p)
		}
		// The pairs that changed: the one before the merged symbol and the one after it.
		for _, at := range [2]int{int(links[p].prev), p} {
			if at < 0 || int(links[at].next) >= n {
				continue
			}
			k := pairKey(syms[at].id, syms[links[at].next].id)
			slot := merges.cacheSlot(k)
			if slot.key != ^k {
				slot.key, slot.val = ^k, noMerge
				if merges.mayHave(k) {
					slot.val = merges.tableLookup(k)
				}
			}
			keys[at], newIDs[at] = pairOrder(slot.val, at), uint32(slot.val)
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
//
// The cache holds its keys complemented, so that its zeroed memory reads as empty (the complement of
// emptyKey, which no pair has): a fresh instance then neither writes nor touches its pages at load.
type mergeTable struct {
	table       *u64Table
	cache       [mergeCacheSize]u64Slot
	filter      []uint64 // bit filterHash(key) is set for every key of table
	filterShift uint     // 64 - log2 of the filter's bits
}

const mergeCacheSize = 1 << 14

// newMergeTable puts the cache and a filter built from the keys in front of t.
func newMergeTable(t *u64Table) *mergeTable {
	m := withMergeFilter(t, make([]uint64, mergeFilterWords(t.n)))
	for _, s := range t.slots {
		if s.key != emptyKey {
			h := m.filterHash(s.key)
			m.filter[h>>6] |= 1 << (h & 63)
		}
	}
	return m
}

// withMergeFilter puts the cache and filter, of mergeFilterWords(t.n) words, in front of t.
func withMergeFilter(t *u64Table, filter []uint64) *mergeTable {
	return &mergeTable{table: t, filter: filter, filterShift: 64 - uint(bits.TrailingZeros(uint(64*len(filter))))}
}

// mergeFilterWords is the size of the filter of n merges: eight to sixteen bits per merge, so that one
// pair without a merge in 8 to 16 passes it.
func mergeFilterWords(n int) int {
	size := 64
	for size < 8*n {
		size <<= 1
	}
	return size / 64
}

func (m *mergeTable) filterHash(key uint64) uint64 { return key * 0xD6E8FEB86659FD93 >> m.filterShift }

// lookup returns rank<<32 | new id for the pair key, or noMerge. Hot loops spell it out (see
// mergeLinear): it is a call inside wasm.
func (m *mergeTable) lookup(key uint64) uint64 {
	slot := m.cacheSlot(key)
	if slot.key != ^key {
		slot.key, slot.val = ^key, noMerge
		if m.mayHave(key) {
			slot.val = m.tableLookup(key)
		}
	}
	return slot.val
}

// cacheSlot is the slot of the pair key in the cache.
func (m *mergeTable) cacheSlot(key uint64) *u64Slot { return &m.cache[key*0x9E3779B97F4A7C15>>50] }

// mayHave is false for most pairs without a merge and true for every pair with one.
func (m *mergeTable) mayHave(key uint64) bool {
	h := m.filterHash(key)
	return m.filter[h>>6]&(1<<(h&63)) != 0
}

// tableLookup searches the table itself.
func (m *mergeTable) tableLookup(key uint64) uint64 {
	if v, ok := m.table.get(key); ok {
		return v
	}
	return noMerge
}
