package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// ImageVersion is the version of the model image format. Bump it whenever the image layout or the meaning
// of anything in it changes, including the engine's own tables: the host keys its image cache by it.
const ImageVersion uint32 = 7

// ErrBadImage is wrapped by LoadImage errors for an image that is truncated, corrupt or not an image.
var ErrBadImage = errors.New("engine: invalid model image")

// ErrImageVersion is wrapped by LoadImage errors for an image of another ImageVersion: rebuild it from
// the tokenizer.json.
var ErrImageVersion = errors.New("engine: model image of another version")

// A model image is a loaded tokenizer flattened for a fast reload:
//
//	header  "TKZIMAGE", ImageVersion u32, body length u32
//	body    the JSON sections truncation, padding, normalizer, pre_tokenizer, post_processor, decoder (blobs,
//	        empty when absent); the added tokens (count u32, then flags u8 + content blob each); the model
//	        (kind u8, then its binary form, or a JSON blob for a model without one).
//
// The small sections stay JSON and are parsed again by the same constructors as Load's; only the big
// tables have a binary form. A model type gains one by implementing imageModel and adding its kind to
// readModelImage.
const (
	imageMagic      = "TKZIMAGE"
	imageHeaderSize = len(imageMagic) + 8
)

// Model kinds in an image.
const (
	modelKindJSON byte = iota // the model section of tokenizer.json, as it was
	modelKindBPE
	modelKindWordPiece
)

// imageModel is a model with a binary image form.
type imageModel interface {
	imageKind() byte
	imageSize() int // about how many bytes appendImage adds
	appendImage(dst []byte) []byte
}

func imageSizeHint(m model) int {
	if im, ok := m.(imageModel); ok {
		return im.imageSize()
	}
	return 0
}

// Added token flags in an image.
const (
	addedSingleWord = 1 << iota
	addedLStrip
	addedRStrip
	addedNormalized
	addedSpecial
)

// MarshalImage flattens the tokenizer into a model image that LoadImage turns back into an identical
// tokenizer without parsing JSON.
func (t *Tokenizer) MarshalImage() ([]byte, error) {
	src := t.source
	// The header goes in front once the body, whose length it holds, is written.
	img := make([]byte, imageHeaderSize, imageHeaderSize+1<<16+imageSizeHint(t.model))
	for _, section := range src.jsonSections() {
		img = appendBlob(img, *section)
	}
	img = appendU32(img, uint32(len(src.AddedTokens)))
	for _, tok := range src.AddedTokens {
		img = append(img, addedFlags(tok))
		img = appendBlob(img, []byte(tok.content))
	}
	if m, ok := t.model.(imageModel); ok {
		img = m.appendImage(append(img, m.imageKind()))
	} else {
		if src.Model == nil {
			return nil, errors.New("engine: the model has neither a binary form nor its JSON")
		}
		img = appendBlob(append(img, modelKindJSON), src.Model)
	}
	if limit := DefaultLimits().MaxFileSize; len(img) > limit {
		return nil, fmt.Errorf("engine: model image larger than %d bytes: %w", limit, ErrLimit)
	}
	body := img[imageHeaderSize:]
	h := append(img[:0], imageMagic...)
	h = appendU32(h, ImageVersion)
	appendU32(h, uint32(len(body)))
	return img, nil
}

// LoadImage rebuilds a tokenizer from an image made by MarshalImage. It validates everything: a
// truncated, corrupt or hostile image gives an error wrapping ErrBadImage (or ErrImageVersion), never a
// panic. The tokenizer uses the big tables of img in place: img must not change afterwards.
func LoadImage(img []byte) (*Tokenizer, error) {
	body, err := imageBody(img)
	if err != nil {
		return nil, err
	}
	r := &imageReader{b: body, off: imageHeaderSize}
	var raw rawTokenizer
	for _, section := range raw.jsonSections() {
		if b := r.blob("JSON section"); len(b) > 0 {
			*section = bytes.Clone(b)
		}
	}
	n := r.count(DefaultLimits().MaxAddedTokens, 5, "added tokens")
	raw.AddedTokens = make([]addedToken, 0, n)
	for range n {
		flags := r.u8("added token")
		raw.AddedTokens = append(raw.AddedTokens, addedToken{
			content:    viewString(r.blob("added token")),
			singleWord: flags&addedSingleWord != 0,
			lstrip:     flags&addedLStrip != 0,
			rstrip:     flags&addedRStrip != 0,
			normalized: flags&addedNormalized != 0,
			special:    flags&addedSpecial != 0,
		})
	}
	m, err := readModelImage(r, &raw)
	if err != nil {
		return nil, err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the model", ErrBadImage, len(r.b))
	}
	t, err := assemble(raw, m)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadImage, err)
	}
	return t, nil
}

// imageBody checks the header and returns the body. The image has no checksum of its own: reading it is
// fast because it is used in place, and a store of images checksums them (the host's cache keeps them in
// zstd frames, which carry one); whatever the bytes, LoadImage still never panics or loops.
func imageBody(img []byte) ([]byte, error) {
	if len(img) < imageHeaderSize || string(img[:len(imageMagic)]) != imageMagic {
		return nil, fmt.Errorf("%w: no image header", ErrBadImage)
	}
	h := img[len(imageMagic):]
	if v := binary.LittleEndian.Uint32(h); v != ImageVersion {
		return nil, fmt.Errorf("%w: version %d, the engine reads %d", ErrImageVersion, v, ImageVersion)
	}
	body := img[imageHeaderSize:]
	if n := binary.LittleEndian.Uint32(h[4:]); int(n) != len(body) {
		return nil, fmt.Errorf("%w: body of %d bytes, header says %d", ErrBadImage, len(body), n)
	}
	return body, nil
}

// readModelImage decodes the model: one case per model kind with a binary form.
func readModelImage(r *imageReader, raw *rawTokenizer) (model, error) {
	switch kind := r.u8("model kind"); kind {
	case modelKindJSON:
		raw.Model = bytes.Clone(r.blob("model"))
		if r.err != nil {
			return nil, r.err
		}
		m, err := loadModel(raw.Model, "model")
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadImage, err)
		}
		return m, nil
	case modelKindBPE:
		return readBPEImage(r)
	case modelKindWordPiece:
		return readWordPieceImage(r)
	default:
		if r.err != nil {
			return nil, r.err
		}
		return nil, fmt.Errorf("%w: unknown model kind %d", ErrBadImage, kind)
	}
}

// jsonSections lists the sections an image keeps as JSON, in image order.
func (raw *rawTokenizer) jsonSections() [6]*rawJSON {
	return [6]*rawJSON{&raw.Truncation, &raw.Padding, &raw.Normalizer, &raw.PreTokenizer, &raw.PostProcessor, &raw.Decoder}
}

// keepSource copies what MarshalImage needs from a loaded file: the small sections, and the model's JSON
// only when the model has no binary form.
func keepSource(raw rawTokenizer, m model) rawTokenizer {
	kept := rawTokenizer{AddedTokens: raw.AddedTokens}
	src, dst := raw.jsonSections(), kept.jsonSections()
	for i := range src {
		if present(*src[i]) {
			*dst[i] = bytes.Clone(*src[i])
		}
	}
	if _, ok := m.(imageModel); !ok {
		kept.Model = bytes.Clone(raw.Model)
	}
	return kept
}

func addedFlags(tok addedToken) byte {
	var f byte
	for _, set := range []struct {
		on   bool
		flag byte
	}{{tok.singleWord, addedSingleWord}, {tok.lstrip, addedLStrip}, {tok.rstrip, addedRStrip}, {tok.normalized, addedNormalized}, {tok.special, addedSpecial}} {
		if set.on {
			f |= set.flag
		}
	}
	return f
}
