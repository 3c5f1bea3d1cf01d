package engine

import (
	"cmp"
	"slices"
	"strings"
)

// doubleArray is a byte trie laid out flat for the hot path (no maps, two array reads per byte): the
// child of node s on byte c is t = base[s]+c when check[t] == s. Built once at load time.
type doubleArray struct {
	nodes []daNode
}

const (
	daFree int32 = -1
	daRoot int32 = -2
)

type daNode struct {
	base  int32
	check int32 // parent node; daFree for a free slot, daRoot for the root
	value int32 // value of the key ending here, -1 for none
}

// newDoubleArray builds the trie of keys; a key given twice keeps its last value. The empty key is
// ignored: prefix searches never report it.
func newDoubleArray(keys []string, values []int32) *doubleArray {
	type entry struct {
		key   string
		value int32
		order int32
	}
	entries := make([]entry, 0, len(keys))
	for i, k := range keys {
		if k != "" {
			entries = append(entries, entry{k, values[i], int32(i)})
		}
	}
	// By key, then by position, so that among equal keys the last one ends up last and wins below.
	slices.SortFunc(entries, func(a, b entry) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.order, b.order)
	})
	sorted := entries[:0]
	for _, e := range entries {
		if len(sorted) > 0 && sorted[len(sorted)-1].key == e.key {
			sorted[len(sorted)-1] = e
			continue
		}
		sorted = append(sorted, e)
	}
	b := &daBuilder{head: -1}
	b.grow(256)
	b.use(0, daRoot)
	keysOnly := make([]string, len(sorted))
	vals := make([]int32, len(sorted))
	for i, e := range sorted {
		keysOnly[i], vals[i] = e.key, e.value
	}
	b.build(keysOnly, vals, 0, len(keysOnly), 0, 0)
	// Trim the free tail so that lookups past the end fail on the bounds check.
	end := len(b.nodes)
	for end > 1 && b.nodes[end-1].check == daFree {
		end--
	}
	return &doubleArray{nodes: b.nodes[:end:end]}
}

type daBuilder struct {
	nodes []daNode
	// Free slots form a circular doubly linked list through next/prev, so that finding a base skips
	// the used ones; head is -1 when the list is empty.
	next, prev []int32
	head       int32
	tries      []uint8 // failed placements that started at each free slot
}

// maxTries is how often a free slot may fail to start a placement before it is given up (left
// free but no longer tried), which keeps building linear in the number of nodes.
const maxTries = 16

// grow makes slots up to n exist, adding the new ones to the free list.
func (b *daBuilder) grow(n int) {
	for len(b.nodes) < n {
		i := int32(len(b.nodes))
		b.nodes = append(b.nodes, daNode{base: 0, check: daFree, value: -1})
		b.next = append(b.next, i)
		b.prev = append(b.prev, i)
		b.tries = append(b.tries, 0)
		if b.head < 0 {
			b.head = i
			continue
		}
		last := b.prev[b.head]
		b.next[last], b.prev[i] = i, last
		b.next[i], b.prev[b.head] = b.head, i
	}
}

// use takes slot i off the free list and gives it to parent.
func (b *daBuilder) use(i int32, parent int32) {
	b.nodes[i].check = parent
	b.unlink(i)
}

// unlink takes slot i off the free list.
func (b *daBuilder) unlink(i int32) {
	if b.next[i] == i {
		b.head = -1
		return
	}
	p, n := b.prev[i], b.next[i]
	b.next[p], b.prev[n] = n, p
	if b.head == i {
		b.head = n
	}
}

// build places the children of node for keys[lo:hi], which share their first depth bytes.
func (b *daBuilder) build(keys []string, vals []int32, lo, hi, depth int, node int32) {
	// A key that ends here gives the node its value; being sorted, it comes first.
	if lo < hi && len(keys[lo]) == depth {
		b.nodes[node].value = vals[lo]
		lo++
	}
	if lo >= hi {
		return
	}
	var labels []byte
	for i := lo; i < hi; i++ {
		if c := keys[i][depth]; len(labels) == 0 || labels[len(labels)-1] != c {
			labels = append(labels, c)
		}
	}
	base := b.findBase(labels)
	b.nodes[node].base = int32(base)
	for _, c := range labels {
		b.use(int32(base+int(c)), node)
	}
	i := lo
	for _, c := range labels {
		j := i
		for j < hi && keys[j][depth] == c {
			j++
		}
		b.build(keys, vals, i, j, depth+1, int32(base+int(c)))
		i = j
	}
}

// findBase finds a base >= 1 at which every label lands on a free slot, trying the free slots in
// list order for the first label.
func (b *daBuilder) findBase(labels []byte) int {
	first := int(labels[0])
	for pos, remaining := b.head, len(b.nodes); pos >= 0 && remaining > 0; remaining-- {
		if base := int(pos) - first; base >= 1 && b.fits(base, labels) {
			return base
		}
		next := b.next[pos]
		if b.tries[pos]++; b.tries[pos] >= maxTries {
			b.unlink(pos)
		}
		if next == pos || b.head < 0 {
			break
		}
		pos = next
	}
	// No room among the existing slots: open a fresh block at the end.
	base := max(len(b.nodes)-first, 1)
	b.grow(base + 256)
	return base
}

func (b *daBuilder) fits(base int, labels []byte) bool {
	b.grow(base + 256)
	for _, c := range labels[1:] {
		if b.nodes[base+int(c)].check != daFree {
			return false
		}
	}
	return true
}

// child is the node reached from node on byte c, or -1.
func (d *doubleArray) child(node int32, c byte) int32 {
	t := int(d.nodes[node].base) + int(c)
	if t >= len(d.nodes) || d.nodes[t].check != node {
		return -1
	}
	return int32(t)
}
