package engine

// The checks LoadImage runs over whole tables, written without a branch per element: inside wasm a
// loop with a test and an exit per element costs several times one that folds every element into an
// accumulator and tests it once, and these loops see millions of elements at each restart.

// neverDecrease reports whether offs never decreases.
func neverDecrease(offs []uint32) bool {
	var prev, bad uint64 // a difference wraps to a value with the top bit set where an offset decreases
	for len(offs) >= 4 {
		w := offs[:4:4]
		a, b, c, d := uint64(w[0]), uint64(w[1]), uint64(w[2]), uint64(w[3])
		bad |= (a - prev) | (b - a) | (c - b) | (d - c)
		prev, offs = d, offs[4:]
	}
	for _, o := range offs {
		bad |= uint64(o) - prev
		prev = uint64(o)
	}
	return bad>>63 == 0
}

// entriesAtMost reports whether every vocabulary index slot of words, two to a little-endian word,
// points at an entry of at most n (entry+1 in its low entryBits). Each half of a word gets
// 2^31-1-n added to its entry: the sum, below 2^32 since entry < 2^entryBits, has bit 31 set exactly
// when the entry is above n.
func entriesAtMost(words []uint64, n int) bool {
	const entries = entryMask | entryMask<<32
	k := uint64(1<<31-1-n) * (1 | 1<<32)
	var bad uint64
	for len(words) >= 4 {
		w := words[:4:4]
		bad |= (w[0]&entries + k) | (w[1]&entries + k) | (w[2]&entries + k) | (w[3]&entries + k)
		words = words[4:]
	}
	for _, w := range words {
		bad |= w&entries + k
	}
	return bad&(1<<31|1<<63) == 0
}

// below is 1 when x < n and 0 otherwise, for x and n below 2^63.
func below(x, n uint64) uint64 { return (x - n) >> 63 }

// countMergeSlots counts the merge table slots whose two ids and merged id are all below n, and tells
// whether every other slot is empty (its key emptyKey, whose ids are never below n). Two slots a step.
func countMergeSlots(slots []u64Slot, n uint32) (inRange int, othersEmpty bool) {
	nn := uint64(n)
	var in, bad uint64
	for len(slots) >= 2 {
		p := slots[:2:2]
		ok0, ok1 := mergeSlotInRange(p[0], nn), mergeSlotInRange(p[1], nn)
		in += ok0 + ok1
		// key+1 is zero exactly for emptyKey; ok-1 keeps it where the slot is not in range.
		bad |= (p[0].key+1)&(ok0-1) | (p[1].key+1)&(ok1-1)
		slots = slots[2:]
	}
	for _, s := range slots {
		ok := mergeSlotInRange(s, nn)
		in += ok
		bad |= (s.key + 1) & (ok - 1)
	}
	return int(in), bad == 0
}

// mergeSlotInRange is 1 when the slot's two ids and merged id are below n, else 0.
func mergeSlotInRange(s u64Slot, n uint64) uint64 {
	return ((s.key>>32 - n) & (s.key&0xFFFFFFFF - n) & (s.val&0xFFFFFFFF - n)) >> 63
}

// trieNodesSound reports whether no node has a negative base and every value is -1 (none) or an id
// below n.
func trieNodesSound(nodes []daNode, n uint32) bool {
	limit := uint64(n) + 1
	var bad uint64
	for _, node := range nodes {
		bad |= uint64(uint32(node.base)) >> 31
		bad |= 1 ^ below(uint64(uint32(node.value+1)), limit) // value+1 in [0, n]
	}
	return bad == 0
}
