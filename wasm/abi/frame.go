package abi

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
	"unsafe"
)

// ErrFrame reports a frame that is truncated or inconsistent.
var ErrFrame = errors.New("abi: malformed frame")

// Frames are sequences of little-endian uint32 words and length-prefixed byte strings:
//
//	LoadRequest:   a texts frame of the model's files, in LoadFiles order ("" where absent)
//	ChatLoadRequest: a texts frame of the model's chat files, in ChatFiles order ("" where absent)
//	ModelInfo:     max model length, vocabulary size, (len, bytes) BOS token, (len, bytes) EOS token
//	EncodeRequest: count, then count × (len, bytes)                       — the texts
//	EncodeResult:  count, then per encoding: n, n × id,
//	               [n × (start, end)]          when FlagOffsets (pairs: relative to each sequence)
//	               [n × (len, bytes)]          when FlagTokens
//	               [3 × n words]               when FlagMasks: type ids, special-tokens mask, attention mask
//	RenderRequest: now (unix nanoseconds, low word, high word), (len, bytes) a ChatRequest JSON document:
//	               {"messages": [...], "tools": [...], "documents": [...], "add_generation_prompt": bool,
//	                "continue_final_message": bool, "chat_template": name or template, "chat_template_kwargs": {...}}
//	RenderResult:  (len, bytes) the prompt
//	DecodeRequest: count, then count × (n, n × id)
//	DecodeResult:  count, then count × (len, bytes)                       — the texts

// LoadFiles are the files of a model that the tokenizer guest reads at load, in the order of a LoadRequest.
var LoadFiles = []string{"tokenizer.json", "tokenizer_config.json", "config.json"}

// ChatFiles are the files of a model that the chat guest reads at load, in the order of a ChatLoadRequest.
var ChatFiles = []string{"tokenizer_config.json", "chat_template.jinja", "chat_template.json"}

// Files reads a LoadRequest or ChatLoadRequest frame that must hold want files. The files alias frame.
func Files(frame []byte, want int) ([][]byte, error) {
	r := NewReader(frame)
	n := r.Count(4)
	files := make([][]byte, 0, n)
	for range n {
		files = append(files, r.Bytes())
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	if len(files) != want {
		return nil, fmt.Errorf("%w: %d files, want %d", ErrFrame, len(files), want)
	}
	return files, nil
}

// ModelInfo describes a loaded model.
type ModelInfo struct {
	MaxModelLen uint32 // the model's context length; 0 when its files do not say
	VocabSize   uint32 // including added tokens
	BOSToken    string // "" when the model has none
	EOSToken    string
}

// Append encodes the info as a ModelInfo frame.
func (m ModelInfo) Append(b []byte) []byte {
	b = AppendU32(AppendU32(b, m.MaxModelLen), m.VocabSize)
	return AppendBytes(AppendBytes(b, m.BOSToken), m.EOSToken)
}

// ModelInfo reads a ModelInfo frame.
func (r *Reader) ModelInfo() ModelInfo {
	return ModelInfo{MaxModelLen: r.U32(), VocabSize: r.U32(), BOSToken: string(r.Bytes()), EOSToken: string(r.Bytes())}
}

// AppendU32 appends one word.
func AppendU32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }

// littleEndian tells whether a []uint32 in memory already is a run of frame words.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// AppendU32s appends words: in one copy where memory is little-endian, as in wasm.
func AppendU32s(b []byte, vs []uint32) []byte {
	if littleEndian && len(vs) > 0 {
		return append(b, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vs))), 4*len(vs))...)
	}
	for _, v := range vs {
		b = AppendU32(b, v)
	}
	return b
}

// AppendBytes appends a length-prefixed string.
func AppendBytes(b []byte, s string) []byte {
	b = AppendU32(b, uint32(len(s)))
	return append(b, s...)
}

// AppendTexts builds an EncodeRequest or DecodeResult frame.
func AppendTexts(b []byte, texts []string) []byte {
	b = AppendU32(b, uint32(len(texts)))
	for _, t := range texts {
		b = AppendBytes(b, t)
	}
	return b
}

// AppendIDLists builds a DecodeRequest frame.
func AppendIDLists(b []byte, lists [][]uint32) []byte {
	b = AppendU32(b, uint32(len(lists)))
	for _, ids := range lists {
		b = AppendU32(b, uint32(len(ids)))
		for _, id := range ids {
			b = AppendU32(b, id)
		}
	}
	return b
}

// Reader decodes a frame. The first error sticks; check Err once at the end.
type Reader struct {
	buf []byte
	err error
}

// NewReader reads from b without copying it.
func NewReader(b []byte) *Reader { return &Reader{buf: b} }

// Err is the first error met, if any.
func (r *Reader) Err() error { return r.err }

// Done reports an error unless every byte was consumed.
func (r *Reader) Done() error {
	if r.err == nil && len(r.buf) != 0 {
		r.err = ErrFrame
	}
	return r.err
}

// U32 reads one word.
func (r *Reader) U32() uint32 {
	if r.err != nil || len(r.buf) < 4 {
		r.err = ErrFrame
		return 0
	}
	v := binary.LittleEndian.Uint32(r.buf)
	r.buf = r.buf[4:]
	return v
}

// Count reads a word used as an element count, rejecting counts that could not fit in what is left given at
// least minSize bytes per element: a hostile count cannot make the reader allocate more than the frame holds.
func (r *Reader) Count(minSize int) int {
	n := r.U32()
	if r.err == nil && uint64(n)*uint64(minSize) > uint64(len(r.buf)) {
		r.err = ErrFrame
		return 0
	}
	return int(n)
}

// Bytes reads a length-prefixed string; the result aliases the frame.
func (r *Reader) Bytes() []byte {
	n := r.Count(1)
	if r.err != nil {
		return nil
	}
	s := r.buf[:n:n]
	r.buf = r.buf[n:]
	return s
}

// Texts reads an EncodeRequest or DecodeResult frame, copying the strings: all of them in one copy of the
// frame's rest, so that a batch costs one allocation, not one per text. Invalid UTF-8 is an error, so that
// neither side ever has to guess how it was meant.
func (r *Reader) Texts() []string { return r.texts(string(r.buf)) }

// TextViews is Texts without the copy: the strings alias the frame, and are valid only while its bytes stay
// unchanged. A guest that is done with its texts before the call returns saves copying the whole request.
func (r *Reader) TextViews() []string {
	if len(r.buf) == 0 {
		return r.texts("")
	}
	return r.texts(unsafe.String(unsafe.SliceData(r.buf), len(r.buf)))
}

// texts reads the texts of a frame whose rest is also rest, and cuts them from rest.
func (r *Reader) texts(rest string) []string {
	n := r.Count(4)
	out := make([]string, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		b := r.Bytes()
		if r.err == nil && !utf8.Valid(b) {
			r.err = ErrInvalidUTF8
		}
		start := len(rest) - len(r.buf) - len(b)
		out = append(out, rest[start:start+len(b)])
	}
	return out
}

// IDLists reads a DecodeRequest frame.
func (r *Reader) IDLists() [][]uint32 {
	n := r.Count(4)
	out := make([][]uint32, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		out = append(out, r.IDs(r.Count(4)))
	}
	return out
}

// IDs reads n words.
func (r *Reader) IDs(n int) []uint32 {
	if r.err != nil || len(r.buf) < 4*n {
		r.err = ErrFrame
		return nil
	}
	ids := make([]uint32, n)
	r.FillWords(ids)
	return ids
}

// FillWords reads len(dst) words into dst.
func (r *Reader) FillWords(dst []uint32) {
	if r.err != nil || len(r.buf) < 4*len(dst) {
		r.err = ErrFrame
		return
	}
	for i := range dst {
		dst[i] = binary.LittleEndian.Uint32(r.buf[4*i:])
	}
	r.buf = r.buf[4*len(dst):]
}

// FillPairs reads len(dst) pairs of words (offsets) into dst.
func (r *Reader) FillPairs(dst [][2]uint32) {
	if r.err != nil || len(r.buf) < 8*len(dst) {
		r.err = ErrFrame
		return
	}
	for i := range dst {
		dst[i] = [2]uint32{binary.LittleEndian.Uint32(r.buf[8*i:]), binary.LittleEndian.Uint32(r.buf[8*i+4:])}
	}
	r.buf = r.buf[8*len(dst):]
}

// ErrInvalidUTF8 reports text that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("abi: text is not valid UTF-8")
