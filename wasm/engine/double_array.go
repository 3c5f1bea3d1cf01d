package engine

import "sort"

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
	}
	entries := make([]entry, 0, len(keys))
	for i, k := range keys {
		if k != "" {
			entries = append(entries, entry{k, values[i]})
		}
	}
	// Stable, so that among equal keys the last one ends up last and wins below.
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	sorted := entries[:0]
	for _, e := range entries {
		if len(sorted) > 0 && sorted[len(sorted)-1].key == e.key {
			sorted[len(sorted)-1] = e
			continue
		}
		sorted = append(sorted, e)
	}
	b := &daBuilder{}
	b.grow(256)
	b.nodes[0].check = daRoot
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
	nodes     []daNode
	firstFree int // every slot before it is used
}

func (b *daBuilder) grow(n int) {
	for len(b.nodes) < n {
		b.nodes = append(b.nodes, daNode{base: 0, check: daFree, value: -1})
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
		b.nodes[base+int(c)].check = node
	}
	for b.firstFree < len(b.nodes) && b.nodes[b.firstFree].check != daFree {
		b.firstFree++
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

// findBase finds the smallest base >= 1 at which every label lands on a free slot.
func (b *daBuilder) findBase(labels []byte) int {
	first := int(labels[0])
	for pos := max(b.firstFree, first+1); ; pos++ {
		base := pos - first
		b.grow(base + 256)
		if b.nodes[pos].check != daFree {
			continue
		}
		ok := true
		for _, c := range labels[1:] {
			if b.nodes[base+int(c)].check != daFree {
				ok = false
				break
			}
		}
		if ok {
			return base
		}
	}
}

// child is the node reached from node on byte c, or -1.
func (d *doubleArray) child(node int32, c byte) int32 {
	t := int(d.nodes[node].base) + int(c)
	if t >= len(d.nodes) || d.nodes[t].check != node {
		return -1
	}
	return int32(t)
}
