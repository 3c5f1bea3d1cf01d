package engine

import (
	"fmt"
	"slices"
)

// Vocabulary layouts in an image.
const (
	vocabInIDOrder = iota // entry i is id i: no id tables (see vocabTable)
	vocabWithIDs          // the ids and the by-id table follow the offsets
)

// appendImage writes the vocabulary with its index, so that a reload needs no hashing: entry count u32,
// token arena blob, layout u8, for vocabWithIDs the by-id count u32, the index count u32, then each
// aligned: entry offsets u32 × count+1, for vocabWithIDs the ids u32 × count and the by-id table u32s,
// and the index u32s.
func (v *vocabTable) appendImage(dst []byte) []byte {
	dst = appendU32(dst, uint32(v.len()))
	dst = appendBlob(dst, []byte(v.arena))
	if v.inIDOrder() {
		dst = appendU32(append(dst, vocabInIDOrder), uint32(len(v.index)))
		dst = appendU32s(appendPadding(dst, 0), v.offs)
		return appendU32s(appendPadding(dst, 0), v.index)
	}
	dst = appendU32(appendU32(append(dst, vocabWithIDs), uint32(len(v.byID))), uint32(len(v.index)))
	for _, table := range [][]uint32{v.offs, v.ids, v.byID, v.index} {
		dst = appendU32s(appendPadding(dst, 0), table)
	}
	return dst
}

// readVocabImage reads what appendImage wrote, in place, and checks that every lookup stays in range
// and ends: each offset and id within bounds, each by-id entry pointing at an entry of that id, each
// index slot at an entry, and at least one empty slot. A wrong hash in the index can only make a lookup
// miss, since a hit compares the token itself. inIDOrder tells that the vocabulary has the layout of
// that name, where has(id) is id < len().
func readVocabImage(r *imageReader, maxVocab int) (v *vocabTable, inIDOrder bool, err error) {
	n := r.count(maxVocab, 8, "vocabulary")
	arena := viewString(r.blob("token arena"))
	layout := r.u8("vocabulary layout")
	nByID := 0
	if layout == vocabWithIDs {
		nByID = r.count(maxVocab, 4, "vocabulary ids")
	}
	nIndex := r.count(4*maxVocab, 4, "vocabulary index")
	if r.err == nil && layout > vocabWithIDs {
		r.fail("vocabulary layout %d", layout)
	}
	v = &vocabTable{arena: arena}
	r.align()
	v.offs = viewU32s(r.take(4*(n+1), "token offsets"))
	if layout == vocabWithIDs {
		r.align()
		v.ids = viewU32s(r.take(4*n, "token ids"))
		r.align()
		v.byID = viewU32s(r.take(4*nByID, "vocabulary ids"))
	}
	r.align()
	index := r.take(4*nIndex, "vocabulary index")
	if r.err != nil {
		return nil, false, r.err
	}
	v.index = viewU32s(index)
	if len(v.offs) != n+1 || v.offs[0] != 0 || int(v.offs[n]) != len(arena) || !neverDecrease(v.offs) {
		return nil, false, fmt.Errorf("%w: entry offsets do not cover the token arena in order", ErrBadImage)
	}
	if layout == vocabWithIDs {
		if err := checkIDs(v); err != nil {
			return nil, false, err
		}
	}
	if nIndex < 8 || nIndex&(nIndex-1) != 0 {
		return nil, false, fmt.Errorf("%w: vocabulary index of %d slots", ErrBadImage, nIndex)
	}
	v.mask = uint32(nIndex - 1)
	if !entriesAtMost(viewU64s(index), n) {
		return nil, false, fmt.Errorf("%w: vocabulary index slot out of range", ErrBadImage)
	}
	if !slices.Contains(v.index, 0) {
		return nil, false, fmt.Errorf("%w: vocabulary index without an empty slot", ErrBadImage)
	}
	return v, layout == vocabInIDOrder, nil
}

// checkIDs checks the ids of a vocabulary stored with them: ids and the by-id table must point at each
// other.
func checkIDs(v *vocabTable) error {
	n := len(v.ids)
	for id, e := range v.byID {
		if e != 0 && (int(e) > n || v.ids[e-1] != uint32(id)) {
			return fmt.Errorf("%w: id %d: wrong entry %d", ErrBadImage, id, e)
		}
	}
	for i, id := range v.ids {
		if int(id) >= len(v.byID) || v.byID[id] == 0 {
			return fmt.Errorf("%w: entry %d: id %d not indexed", ErrBadImage, i, id)
		}
	}
	return nil
}
