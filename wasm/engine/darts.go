package engine

// dartsArray is a read-only double-array trie in the layout of Darts-clone, the one SentencePiece
// stores in its precompiled_charsmap. Each 32-bit unit packs a label (low byte and bit 31), a
// has-leaf flag (bit 8) and the offset to its children (bits 10.., scaled by 256 when bit 9 is set);
// the unit of a leaf holds the value in its low 31 bits.
type dartsArray []uint32

func (u dartsUnit) hasLeaf() bool  { return u>>8&1 == 1 }
func (u dartsUnit) value() uint32  { return uint32(u) & (1<<31 - 1) }
func (u dartsUnit) label() uint32  { return uint32(u) & (1<<31 | 0xFF) }
func (u dartsUnit) offset() uint32 { return uint32(u) >> 10 << ((uint32(u) & (1 << 9)) >> 6) }

type dartsUnit uint32

// firstPrefixValue is the value of the shortest key that is a prefix of key, as the first result of
// Darts' commonPrefixSearch. The search stops at a NUL byte. ok is false when no key matches (or when
// the array is malformed and the walk leaves it).
func (a dartsArray) firstPrefixValue(key string) (uint32, bool) {
	if len(a) == 0 {
		return 0, false
	}
	pos := dartsUnit(a[0]).offset()
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == 0 {
			break
		}
		pos ^= uint32(c)
		if int(pos) >= len(a) {
			return 0, false
		}
		unit := dartsUnit(a[pos])
		if unit.label() != uint32(c) {
			return 0, false
		}
		pos ^= unit.offset()
		if unit.hasLeaf() {
			if int(pos) >= len(a) {
				return 0, false
			}
			return dartsUnit(a[pos]).value(), true
		}
	}
	return 0, false
}
