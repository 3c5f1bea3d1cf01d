package engine

// bpeScratch holds the buffers of one word merge, reused between calls.
type bpeScratch struct {
	syms  []wordSymbol
	pairs []uint64
	links []symbolLink
	heap  mergeHeap
}

// symbolLink chains the live symbols of a word while merging (HF word.rs Symbol).
type symbolLink struct {
	prev, next int32
}

// linearMergeMax is the word length up to which a plain scan for the best pair beats the heap.
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

// noMerge marks a pair without a merge in the pair-rank buffer.
const noMerge = ^uint64(0)

// mergeLinear keeps the merge of every adjacent pair (rank<<32 | new id) and scans it for the best one;
// after a merge only the two pairs next to it are looked up again. Words are short, so this beats a heap.
func (s *bpeScratch) mergeLinear(merges *mergeTable) {
	syms := s.syms
	pairs := s.pairs[:0]
	for i := 0; i+1 < len(syms); i++ {
		pairs = append(pairs, pairMerge(merges, syms[i].id, syms[i+1].id))
	}
	for len(syms) > 1 {
		best := 0
		for i := 1; i < len(pairs); i++ {
			if pairs[i] < pairs[best] {
				best = i
			}
		}
		if pairs[best] == noMerge {
			break
		}
		syms[best] = wordSymbol{uint32(pairs[best]), syms[best].len + syms[best+1].len}
		syms = append(syms[:best+1], syms[best+2:]...)
		pairs = append(pairs[:best], pairs[best+1:]...)
		if best > 0 {
			pairs[best-1] = pairMerge(merges, syms[best-1].id, syms[best].id)
		}
		if best < len(pairs) {
			pairs[best] = pairMerge(merges, syms[best].id, syms[best+1].id)
		}
	}
	s.syms, s.pairs = syms, pairs
}

// pairMerge is the merge of a and b as rank<<32 | new id, or noMerge; comparing these values orders
// merges by rank.
func pairMerge(merges *mergeTable, a, b uint32) uint64 {
	return merges.lookup(pairKey(a, b))
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

// mergeTable is the merge table with a small direct-mapped cache in front: the big table does not fit
// in the CPU caches, while the pairs of real text repeat a lot.
type mergeTable struct {
	table *u64Table
	cache [mergeCacheSize]u64Slot
}

const mergeCacheSize = 1 << 14

func newMergeTable(t *u64Table) *mergeTable {
	m := &mergeTable{table: t}
	for i := range m.cache {
		m.cache[i].key = emptyKey
	}
	return m
}

// lookup returns rank<<32 | new id for the pair key, or noMerge.
func (m *mergeTable) lookup(key uint64) uint64 {
	if s := &m.cache[key*0x9E3779B97F4A7C15>>50]; s.key == key {
		return s.val
	}
	return m.lookupTable(key)
}

// lookupTable is lookup past the cache, kept apart so that lookup inlines.
func (m *mergeTable) lookupTable(key uint64) uint64 {
	v, ok := m.table.get(key)
	if !ok {
		v = noMerge
	}
	slot := &m.cache[(key*0x9E3779B97F4A7C15)>>50]
	slot.key, slot.val = key, v
	return v
}
