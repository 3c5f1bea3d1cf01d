package guestbuild

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
)

// Go's linker writes a guest's static data as tens of thousands of small data segments (46,833 for the
// tokenizer guest), and wazero spends time on each one whenever it loads the module from its cache and
// whenever it instantiates it. mergeDataSegments joins segments that lie within maxGap bytes of each other
// into one, filling the gaps with the zeros linear memory starts with: the memory an instance starts with is
// the same, byte for byte.
const maxGap = 64

// WebAssembly section ids and opcodes used below.
const (
	sectionData      = 11
	sectionDataCount = 12
	opI32Const       = 0x41
	opEnd            = 0x0b
)

type dataSegment struct {
	offset uint32
	data   []byte
}

// mergeDataSegments returns module with its data segments merged. A module it cannot prove the merge safe
// for (passive segments, other memories or offset expressions, overlapping segments, a data count section
// that code may index by) is returned as it is.
func mergeDataSegments(module []byte) ([]byte, error) {
	const header = 8
	if len(module) < header {
		return nil, errors.New("guestbuild: not a WebAssembly module")
	}
	out := append([]byte(nil), module[:header]...)
	for rest := module[header:]; len(rest) > 0; {
		id := rest[0]
		size, n := binary.Uvarint(rest[1:])
		if n <= 0 || uint64(len(rest)-1-n) < size {
			return nil, errors.New("guestbuild: truncated section")
		}
		body := rest[1+n : 1+n+int(size)]
		rest = rest[1+n+int(size):]
		if id == sectionDataCount {
			return module, nil
		}
		if id == sectionData {
			segments, ok := readActiveSegments(body)
			if !ok {
				return module, nil
			}
			merged, ok := mergeSegments(segments)
			if !ok {
				return module, nil
			}
			body = appendSegments(nil, merged)
		}
		out = binary.AppendUvarint(append(out, id), uint64(len(body)))
		out = append(out, body...)
	}
	return out, nil
}

// readActiveSegments reads a data section whose segments are all active in memory 0 at a constant offset.
func readActiveSegments(body []byte) ([]dataSegment, bool) {
	count, n := binary.Uvarint(body)
	if n <= 0 {
		return nil, false
	}
	body = body[n:]
	segments := make([]dataSegment, 0, count)
	for range count {
		// flags 0 (active, memory 0), i32.const offset, end, then the bytes.
		if len(body) < 2 || body[0] != 0 || body[1] != opI32Const {
			return nil, false
		}
		offset, n := readSLEB32(body[2:])
		if n <= 0 || offset < 0 || len(body) < 2+n+1 || body[2+n] != opEnd {
			return nil, false
		}
		body = body[2+n+1:]
		size, n := binary.Uvarint(body)
		if n <= 0 || uint64(len(body)-n) < size {
			return nil, false
		}
		segments = append(segments, dataSegment{offset: uint32(offset), data: body[n : n+int(size)]})
		body = body[n+int(size):]
	}
	return segments, len(body) == 0
}

// mergeSegments joins segments at most maxGap bytes apart. It fails if any two overlap: the later one's bytes
// would then win, which sorting would not keep.
func mergeSegments(segments []dataSegment) ([]dataSegment, bool) {
	sorted := slices.Clone(segments)
	slices.SortStableFunc(sorted, func(a, b dataSegment) int { return int(int64(a.offset) - int64(b.offset)) })
	var merged []dataSegment
	for _, s := range sorted {
		if len(merged) > 0 {
			last := &merged[len(merged)-1]
			end := uint64(last.offset) + uint64(len(last.data))
			if uint64(s.offset) < end {
				return nil, false
			}
			if gap := uint64(s.offset) - end; gap <= maxGap {
				last.data = append(append(last.data, make([]byte, gap)...), s.data...)
				continue
			}
		}
		merged = append(merged, dataSegment{offset: s.offset, data: bytes.Clone(s.data)})
	}
	return merged, true
}

func appendSegments(dst []byte, segments []dataSegment) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(segments)))
	for _, s := range segments {
		dst = append(dst, 0, opI32Const)
		dst = appendSLEB32(dst, int32(s.offset))
		dst = append(dst, opEnd)
		dst = binary.AppendUvarint(dst, uint64(len(s.data)))
		dst = append(dst, s.data...)
	}
	return dst
}

// readSLEB32 reads a signed LEB128 number of at most 32 bits, returning how many bytes it took (0 if none).
func readSLEB32(b []byte) (int32, int) {
	var v int64
	var shift uint
	for i, c := range b {
		if i == 5 {
			return 0, 0
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			if v < -1<<31 || v > 1<<31-1 {
				return 0, 0
			}
			return int32(v), i + 1
		}
	}
	return 0, 0
}

func appendSLEB32(dst []byte, v int32) []byte {
	x := int64(v)
	for {
		c := byte(x & 0x7f)
		x >>= 7
		if (x == 0 && c&0x40 == 0) || (x == -1 && c&0x40 != 0) {
			return append(dst, c)
		}
		dst = append(dst, c|0x80)
	}
}
