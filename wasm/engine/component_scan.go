package engine

import (
	"math"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// Every component (normalizers, pre-tokenizers, models, post-processors, decoders, truncation and
// padding) is read with the scanner rather than encoding/json: inside wasm, encoding/json spends 0.1 to
// 0.8 ms reflecting over each Go type the first time it meets it, every fresh instance met them all again
// at its first load, and its code alone adds a tenth to the time wazero takes to compile the guest.
// The helpers keep encoding/json's meaning for the fields: a null leaves a field as it was (its default),
// a key the component does not know is skipped, and the last of two equal keys wins. Keys match exactly,
// as in HF's serde.

// rawJSON is the text of one JSON value, a slice of the file it was cut from.
type rawJSON []byte

// scanComponent reads the object raw member by member: field gets each key and must consume the value,
// read or skipped.
func scanComponent(raw rawJSON, path string, field func(s *jsonscan.Scanner, key []byte)) error {
	s := jsonscan.New(raw, DefaultLimits().MaxDepth)
	for key := range s.Members() {
		field(s, key)
	}
	return scanError(path, s.Finish())
}

// scanComponentType reads the type member of a component.
func scanComponentType(raw rawJSON, path string) (typ string, ok bool, err error) {
	err = scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) != "type" {
			s.Skip()
		} else if s.Null() {
			typ, ok = "", false
		} else {
			typ, ok = string(s.String()), true
		}
	})
	return typ, ok, err
}

// readString sets *dst to a string; null leaves it.
func readString(s *jsonscan.Scanner, dst *string) {
	if !s.Null() {
		*dst = string(s.String())
	}
}

// readOptString sets *dst to a string, or to nil for null.
func readOptString(s *jsonscan.Scanner, dst **string) {
	*dst = nil
	if !s.Null() {
		v := string(s.String())
		*dst = &v
	}
}

// readBool sets *dst to a boolean; null leaves it.
func readBool(s *jsonscan.Scanner, dst *bool) {
	if !s.Null() {
		*dst = s.Bool()
	}
}

// readOptBool sets *dst to a boolean, or to nil for null.
func readOptBool(s *jsonscan.Scanner, dst **bool) {
	*dst = nil
	if !s.Null() {
		v := s.Bool()
		*dst = &v
	}
}

// readUint32 sets *dst to an integer of 32 bits; null leaves it.
func readUint32(s *jsonscan.Scanner, dst *uint32) {
	if !s.Null() {
		*dst = uint32(s.Uint(1<<32 - 1))
	}
}

// readInt sets *dst to a non-negative integer, as HF's usize fields take; null leaves it.
func readInt(s *jsonscan.Scanner, dst *int) {
	if !s.Null() {
		*dst = int(s.Uint(math.MaxInt))
	}
}

// readOptInt sets *dst to a non-negative integer, or to nil for null.
func readOptInt(s *jsonscan.Scanner, dst **int) {
	*dst = nil
	if !s.Null() {
		v := int(s.Uint(math.MaxInt))
		*dst = &v
	}
}

// readRawList reads an array as the raw bytes of its items, which alias the input; null leaves *dst.
func readRawList(s *jsonscan.Scanner, dst *[]rawJSON) {
	if s.Null() {
		return
	}
	list := (*dst)[:0]
	for range s.Elements() {
		list = append(list, s.Skip())
	}
	*dst = list
}

// readPattern reads a {"String": ...} or {"Regex": ...} object into str and re.
func readPattern(s *jsonscan.Scanner, str, re **string) {
	if s.Null() {
		return
	}
	for key := range s.Members() {
		switch string(key) {
		case "String":
			readOptString(s, str)
		case "Regex":
			readOptString(s, re)
		default:
			s.Skip()
		}
	}
}
