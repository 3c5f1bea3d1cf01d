package engine

import "strings"

// tokenTrie finds added tokens with leftmost-longest semantics, as the Aho-Corasick automaton of HF's
// AddedVocabulary (MatchKind::LeftmostLongest) does: at the leftmost position where any token starts,
// the longest token wins, and the search resumes after it.
type tokenTrie struct {
	edges *u64Table // node<<8 | byte -> child node
	value []uint32  // token id + 1 per node, 0 for none
	first [256]bool // bytes that start some token
	// onlyFirst is the one byte that starts every token (most files: "<"), -1 when there are several.
	onlyFirst int
	entries   int
}

func newTokenTrie() *tokenTrie {
	return &tokenTrie{edges: newU64Table(64), value: []uint32{0}, onlyFirst: -1}
}

func (t *tokenTrie) empty() bool { return t.entries == 0 }

// add inserts s; a later token with the same content replaces the earlier one's id.
func (t *tokenTrie) add(s string, id uint32) {
	if s == "" {
		return
	}
	node := uint64(0)
	for i := 0; i < len(s); i++ {
		key := node<<8 | uint64(s[i])
		child, ok := t.edges.get(key)
		if !ok {
			child = uint64(len(t.value))
			t.value = append(t.value, 0)
			t.edges.put(key, child)
		}
		node = child
	}
	if t.value[node] == 0 {
		t.entries++
	}
	t.value[node] = id + 1
	switch {
	case t.entries == 1 || t.onlyFirst == int(s[0]):
		t.onlyFirst = int(s[0])
	default:
		t.onlyFirst = -1
	}
	t.first[s[0]] = true
}

type trieMatch struct {
	id         uint32
	start, end int
}

// mayMatch reports whether some byte of s starts a token; when not, findAll finds nothing.
func (t *tokenTrie) mayMatch(s string) bool {
	if t.onlyFirst >= 0 {
		return strings.IndexByte(s, byte(t.onlyFirst)) >= 0 // a word at a time, where the loop below goes byte by byte
	}
	for i := 0; i < len(s); i++ {
		if t.first[s[i]] {
			return true
		}
	}
	return false
}

// findAll returns the non-overlapping leftmost-longest matches in s.
func (t *tokenTrie) findAll(s string) []trieMatch {
	var out []trieMatch
	for i := 0; i < len(s); {
		if !t.first[s[i]] {
			i++
			continue
		}
		node, bestEnd, bestID := uint64(0), -1, uint32(0)
		for j := i; j < len(s); j++ {
			child, ok := t.edges.get(node<<8 | uint64(s[j]))
			if !ok {
				break
			}
			node = child
			if v := t.value[node]; v != 0 {
				bestEnd, bestID = j+1, v-1
			}
		}
		if bestEnd < 0 {
			i++
			continue
		}
		out = append(out, trieMatch{bestID, i, bestEnd})
		i = bestEnd
	}
	return out
}
