package handler

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
	"github.com/tokenizerd/tokenizerd/wasm/reply"
)

// Handler serves one model, one call at a time. Results alias its output buffer and stay valid until the
// next call.
type Handler struct {
	// Canceled is polled between pieces of work; true stops the call with abi.StatusCanceled.
	Canceled func() bool

	tokenizer *engine.Tokenizer
	reply     reply.Buffer

	// Scratch reused across calls: one encoding, and the code-point offsets of a pair.
	enc                 engine.Encoding
	offsets, offsetsTwo []engine.Offset
}

// Load reads a LoadRequest frame: the model's files.
func (h *Handler) Load(req []byte) (abi.Status, []byte) { return h.load(req, engine.Load) }

// LoadForImage is Load for a tokenizer that serves only until Image has been asked for, as a sandbox's
// first instance of a model does: it skips the proofs that only speed encodes up (engine.LoadForImage).
func (h *Handler) LoadForImage(req []byte) (abi.Status, []byte) {
	return h.load(req, engine.LoadForImage)
}

// LoadImage reads a LoadRequest frame whose first file is a model image made by Image instead of
// tokenizer.json.
func (h *Handler) LoadImage(req []byte) (abi.Status, []byte) { return h.load(req, engine.LoadImage) }

// Image answers the loaded model's image, from which LoadImage builds the same tokenizer in a few
// milliseconds instead of parsing tokenizer.json again.
func (h *Handler) Image() (status abi.Status, out []byte) {
	defer h.reply.Recover(&status, &out)
	h.reply.Begin()
	if h.tokenizer == nil {
		return h.reply.Fail(abi.StatusNotLoaded, errors.New("no tokenizer loaded"))
	}
	img, err := h.tokenizer.MarshalImage()
	if err != nil {
		return h.reply.Fail(abi.StatusBadModel, err)
	}
	return abi.StatusOK, h.reply.Keep(img)
}

// load builds the tokenizer from the request's first file with parse. The files alias req, which the caller
// reuses: the engine copies what it keeps.
func (h *Handler) load(req []byte, parse func([]byte) (*engine.Tokenizer, error)) (status abi.Status, out []byte) {
	defer h.reply.Recover(&status, &out)
	h.reply.Begin()
	files, err := abi.Files(req, len(abi.LoadFiles))
	if err != nil {
		return h.reply.Fail(abi.StatusBadRequest, fmt.Errorf("load request: %w", err))
	}
	t, err := parse(files[0])
	if err != nil {
		return h.reply.Fail(abi.StatusBadModel, err)
	}
	h.tokenizer = t
	info := modelInfo(files[1], files[2], t.VocabSize())
	return abi.StatusOK, h.reply.Keep(info.Append(h.reply.Empty()))
}

// Encode reads an EncodeRequest frame and answers an EncodeResult.
func (h *Handler) Encode(req []byte, flags uint32) (status abi.Status, out []byte) {
	defer h.reply.Recover(&status, &out)
	h.reply.Begin()
	if h.tokenizer == nil {
		return h.reply.Fail(abi.StatusNotLoaded, errors.New("no tokenizer loaded"))
	}
	r := abi.NewReader(req)
	// The texts are done with before Encode returns: no need to copy them out of the request.
	texts := r.TextViews()
	if err := r.Done(); err != nil {
		return h.reply.Fail(abi.StatusBadRequest, err)
	}
	perEncoding := 1
	if flags&abi.FlagPairs != 0 {
		perEncoding = 2
		if len(texts)%2 != 0 {
			return h.reply.Fail(abi.StatusBadRequest, errors.New("pairs: odd number of texts"))
		}
	}
	opts := h.options(flags)
	opts.ValidUTF8 = true // TextViews checked them
	res := abi.AppendU32(h.reply.Empty(), uint32(len(texts)/perEncoding))
	for i := 0; i < len(texts); i += perEncoding {
		var err error
		if perEncoding == 2 {
			err = h.tokenizer.EncodePairInto(&h.enc, texts[i], texts[i+1], opts)
		} else {
			err = h.tokenizer.EncodeInto(&h.enc, texts[i], opts)
		}
		if err != nil {
			return h.reply.Fail(statusOf(err), err)
		}
		res = h.appendEncoding(res, texts[i:i+perEncoding], flags)
	}
	return abi.StatusOK, h.reply.Keep(res)
}

// Decode reads a DecodeRequest frame and answers a DecodeResult.
func (h *Handler) Decode(req []byte, flags uint32) (status abi.Status, out []byte) {
	defer h.reply.Recover(&status, &out)
	h.reply.Begin()
	if h.tokenizer == nil {
		return h.reply.Fail(abi.StatusNotLoaded, errors.New("no tokenizer loaded"))
	}
	r := abi.NewReader(req)
	lists := r.IDLists()
	if err := r.Done(); err != nil {
		return h.reply.Fail(abi.StatusBadRequest, err)
	}
	texts := make([]string, len(lists))
	for i, ids := range lists {
		text, err := h.tokenizer.Decode(ids, flags&abi.FlagSkipSpecialTokens != 0)
		if err != nil {
			return h.reply.Fail(abi.StatusBadRequest, err)
		}
		texts[i] = text
	}
	return abi.StatusOK, h.reply.Keep(abi.AppendTexts(h.reply.Empty(), texts))
}

func (h *Handler) options(flags uint32) engine.Options {
	return engine.Options{AddSpecialTokens: flags&abi.FlagAddSpecialTokens != 0, Interrupted: h.Canceled}
}

// appendEncoding writes h.enc, the encoding of texts (one text, or a pair), as an EncodeResult entry.
func (h *Handler) appendEncoding(out []byte, texts []string, flags uint32) []byte {
	enc := &h.enc
	out = abi.AppendU32s(abi.AppendU32(out, uint32(len(enc.IDs))), enc.IDs)
	if flags&abi.FlagOffsets != 0 {
		offsets := enc.Offsets
		if flags&abi.FlagCharOffsets != 0 {
			offsets = h.charOffsets(texts)
		}
		for _, o := range offsets {
			// One append per offset, not per word: each costs a capacity check inside wasm.
			out = binary.LittleEndian.AppendUint64(out, uint64(uint32(o.Start))|uint64(uint32(o.End))<<32)
		}
	}
	if flags&abi.FlagTokens != 0 {
		for _, t := range enc.Tokens {
			out = abi.AppendBytes(out, t)
		}
	}
	if flags&abi.FlagMasks != 0 {
		out = abi.AppendU32s(abi.AppendU32s(abi.AppendU32s(out, enc.TypeIDs), enc.SpecialTokensMask), enc.AttentionMask)
	}
	return out
}

// charOffsets converts h.enc's byte offsets to code points of the text each token came from: in a pair,
// tokens of the second sequence count in the second text. The texts are valid UTF-8, as h.enc's encode
// has checked or been told.
func (h *Handler) charOffsets(texts []string) []engine.Offset {
	if len(texts) == 1 {
		// h.enc's byte offsets are not needed afterwards: converting them in place saves a copy.
		engine.ValidCharOffsetsInPlace(texts[0], h.enc.Offsets)
		return h.enc.Offsets
	}
	h.offsets = engine.AppendValidCharOffsets(h.offsets[:0], texts[0], h.enc.Offsets)
	h.offsetsTwo = engine.AppendValidCharOffsets(h.offsetsTwo[:0], texts[1], h.enc.Offsets)
	for j, seq := range h.enc.SequenceIDs {
		if seq == 1 {
			h.offsets[j] = h.offsetsTwo[j]
		}
	}
	return h.offsets
}

func statusOf(err error) abi.Status {
	if errors.Is(err, engine.ErrInterrupted) {
		return abi.StatusCanceled
	}
	return abi.StatusBadRequest
}
