package guestbuild

import (
	"bytes"
	"encoding/binary"
	"testing"
)

const wasmHeader = "\x00asm\x01\x00\x00\x00"

// module is a WebAssembly module of the given sections, each an id and a body.
func module(sections ...[]byte) []byte {
	m := []byte(wasmHeader)
	for _, s := range sections {
		m = binary.AppendUvarint(append(m, s[0]), uint64(len(s)-1))
		m = append(m, s[1:]...)
	}
	return m
}

func dataSection(segments ...dataSegment) []byte {
	return appendSegments([]byte{sectionData}, segments)
}

// memoryImage applies a module's data segments to zeroed memory, as instantiation does.
func memoryImage(t *testing.T, m []byte) []byte {
	t.Helper()
	var segments []dataSegment
	for rest := m[len(wasmHeader):]; len(rest) > 0; {
		size, n := binary.Uvarint(rest[1:])
		if rest[0] == sectionData {
			var ok bool
			if segments, ok = readActiveSegments(rest[1+n : 1+n+int(size)]); !ok {
				t.Fatal("unreadable data section")
			}
		}
		rest = rest[1+n+int(size):]
	}
	var memory []byte
	for _, s := range segments {
		if end := int(s.offset) + len(s.data); end > len(memory) {
			memory = append(memory, make([]byte, end-len(memory))...)
		}
		copy(memory[s.offset:], s.data)
	}
	return memory
}

func TestMergeDataSegments(t *testing.T) {
	typeSection := []byte{1, 1, 0x60, 0, 0} // one type, () -> (), kept as it is
	in := module(typeSection, dataSection(
		dataSegment{offset: 200, data: []byte("far")},
		dataSegment{offset: 0, data: []byte("ab")},
		dataSegment{offset: 3, data: []byte("c")},
		dataSegment{offset: 3 + 1 + maxGap, data: []byte("d")},
		dataSegment{offset: 1 << 20, data: []byte("high")},
	))
	out, err := mergeDataSegments(in)
	if err != nil {
		t.Fatal(err)
	}
	want := module(typeSection, dataSection(
		dataSegment{offset: 0, data: append([]byte("ab\x00c"), append(make([]byte, maxGap), 'd')...)},
		dataSegment{offset: 200, data: []byte("far")},
		dataSegment{offset: 1 << 20, data: []byte("high")},
	))
	if !bytes.Equal(out, want) {
		t.Fatalf("merged module\n% x\nwant\n% x", out, want)
	}
	if !bytes.Equal(memoryImage(t, out), memoryImage(t, in)) {
		t.Fatal("the merged module starts with other memory")
	}
}

func TestMergeDataSegmentsLeavesWhatItCannotProve(t *testing.T) {
	overlapping := dataSection(dataSegment{offset: 0, data: []byte("abc")}, dataSegment{offset: 2, data: []byte("x")})
	passive := []byte{sectionData, 1, 1, 1, 'p'} // one passive segment of one byte
	negative := []byte{sectionData, 1, 0, opI32Const, 0x7f, opEnd, 1, 'n'}
	dataCount := []byte{sectionDataCount, 1}
	for name, m := range map[string][]byte{
		"overlapping segments": module(overlapping),
		"a passive segment":    module(passive),
		"a negative offset":    module(negative),
		"a data count section": module(dataCount, dataSection(dataSegment{offset: 0, data: []byte("a")}, dataSegment{offset: 1, data: []byte("b")})),
	} {
		out, err := mergeDataSegments(m)
		if err != nil || !bytes.Equal(out, m) {
			t.Errorf("%s: changed (%v)", name, err)
		}
	}
	if _, err := mergeDataSegments([]byte(wasmHeader + "\x0b\x05\x01")); err == nil {
		t.Error("a truncated section was not refused")
	}
}
