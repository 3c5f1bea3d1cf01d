package engine

import "fmt"

// appendImage writes the vocabulary with its index, so that a reload needs no hashing: entry count u32,
// token arena blob, then aligned: entry offsets u32 × count+1, ids u32 × count, the by-id table (length
// u32, then u32s) and the index (length u32, then u32s).
func (v *vocabTable) appendImage(dst []byte) []byte {
	dst = appendU32(dst, uint32(len(v.ids)))
	dst = appendBlob(dst, []byte(v.arena))
	dst = appendU32(appendU32(dst, uint32(len(v.byID))), uint32(len(v.index)))
	dst = appendPadding(dst, 0)
	dst = appendU32s(dst, v.offs)
	dst = appendU32s(dst, v.ids)
	dst = appendU32s(dst, v.byID)
	return appendU32s(dst, v.index)
}

// readVocabImage reads what appendImage wrote, in place, and checks that every lookup stays in range
// and ends: each offset and id within bounds, each by-id entry pointing at an entry of that id, each
// index slot at an entry, and at least one empty slot. A wrong hash in the index can only make a lookup
// miss, since a hit compares the token itself.
func readVocabImage(r *imageReader, maxVocab int) (*vocabTable, error) {
	n := r.count(maxVocab, 8, "vocabulary")
	arena := viewString(r.blob("token arena"))
	nByID := r.count(maxVocab, 4, "vocabulary ids")
	nIndex := r.count(4*maxVocab, 4, "vocabulary index")
	r.align()
	v := &vocabTable{
		arena: arena,
		offs:  viewU32s(r.take(4*(n+1), "token offsets")),
		ids:   viewU32s(r.take(4*n, "token ids")),
		byID:  viewU32s(r.take(4*nByID, "vocabulary ids")),
		index: viewU32s(r.take(4*nIndex, "vocabulary index")),
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(v.offs) != n+1 || v.offs[0] != 0 || int(v.offs[n]) != len(arena) {
		return nil, fmt.Errorf("%w: entry offsets do not cover the token arena", ErrBadImage)
	}
	for i := range n {
		if v.offs[i] > v.offs[i+1] {
			return nil, fmt.Errorf("%w: entry %d: offsets decrease", ErrBadImage, i)
		}
	}
	for id, e := range v.byID {
		if e != 0 && (int(e) > n || v.ids[e-1] != uint32(id)) {
			return nil, fmt.Errorf("%w: id %d: wrong entry %d", ErrBadImage, id, e)
		}
	}
	for i, id := range v.ids {
		if int(id) >= len(v.byID) || v.byID[id] == 0 {
			return nil, fmt.Errorf("%w: entry %d: id %d not indexed", ErrBadImage, i, id)
		}
	}
	if nIndex < 8 || nIndex&(nIndex-1) != 0 {
		return nil, fmt.Errorf("%w: vocabulary index of %d slots", ErrBadImage, nIndex)
	}
	v.mask = uint32(nIndex - 1)
	empty := false
	for _, slot := range v.index {
		empty = empty || slot == 0
		if int(slot&entryMask) > n {
			return nil, fmt.Errorf("%w: vocabulary index slot out of range", ErrBadImage)
		}
	}
	if !empty {
		return nil, fmt.Errorf("%w: vocabulary index without an empty slot", ErrBadImage)
	}
	return v, nil
}
