package regex

// firstSet returns the characters a match of n can start with and whether n can match the empty string.
// Assertions and lookarounds count as empty: the set stays a superset, which is all the search prefilter needs.
func firstSet(n *node) (runeSet, bool) {
	switch n.kind {
	case nodeChar:
		return n.set, false
	case nodeConcat:
		var set runeSet
		for _, sub := range n.subs {
			s, nullable := firstSet(sub)
			set = set.union(s)
			if !nullable {
				return set, false
			}
		}
		return set, true
	case nodeAlt:
		var set runeSet
		anyNullable := false
		for _, sub := range n.subs {
			s, nullable := firstSet(sub)
			set = set.union(s)
			anyNullable = anyNullable || nullable
		}
		return set, anyNullable
	case nodeRepeat:
		s, nullable := firstSet(n.subs[0])
		return s, nullable || n.min == 0
	case nodeLook:
		if n.look == lookAtomic {
			return firstSet(n.subs[0])
		}
	}
	return nil, true
}

// fixedLength returns the number of characters every match of n has, if that number is fixed and at most
// maxLookBehind.
func fixedLength(n *node) (int, bool) {
	switch n.kind {
	case nodeChar:
		return 1, true
	case nodeEmpty, nodeAssert:
		return 0, true
	case nodeConcat:
		total := 0
		for _, sub := range n.subs {
			l, ok := fixedLength(sub)
			if !ok {
				return 0, false
			}
			if total += l; total > maxLookBehind {
				return 0, false
			}
		}
		return total, true
	case nodeAlt:
		first, ok := fixedLength(n.subs[0])
		for _, sub := range n.subs[1:] {
			if l, okSub := fixedLength(sub); !okSub || l != first {
				return 0, false
			}
		}
		return first, ok
	case nodeRepeat:
		l, ok := fixedLength(n.subs[0])
		if !ok || n.min != n.max || l > 0 && n.min > maxLookBehind/l {
			return 0, false
		}
		return l * n.min, true
	case nodeLook:
		if n.look == lookAtomic {
			return fixedLength(n.subs[0])
		}
		return 0, true
	}
	return 0, false
}
