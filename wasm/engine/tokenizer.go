package engine

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInterrupted is returned when Options.Interrupted reported true during an encode.
var ErrInterrupted = errors.New("engine: interrupted")

// ErrInvalidUTF8 is returned for input text that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("engine: input is not valid UTF-8")

// ErrUnknownID is returned by Decode for an id that is neither in the model nor an added token.
var ErrUnknownID = errors.New("engine: unknown token id")

// Options tune one Encode call.
type Options struct {
	AddSpecialTokens bool
	// Interrupted, when set, is polled once every pollEvery pre-token pieces; true stops the encode
	// with ErrInterrupted.
	Interrupted func() bool
	// ValidUTF8 tells that the caller has already checked the texts are valid UTF-8: Encode skips the check.
	ValidUTF8 bool
	// Truncation and Padding, when set, replace the settings of tokenizer.json for this call;
	// NoTruncation and NoPadding switch them off.
	Truncation   *TruncationParams
	Padding      *PaddingParams
	NoTruncation bool
	NoPadding    bool
}

// Tokenizer is a loaded tokenizer.json. It keeps scratch space and a word cache between calls, so it is
// not safe for concurrent use: give each goroutine (or sandbox instance) its own.
type Tokenizer struct {
	normalizer    normalizer
	preTokenizer  preTokenizer
	model         model
	postProcessor postProcessor
	// keepsSingleInput says that post-processing one input without special tokens, truncation or
	// padding changes nothing in it but its sequence id: postProcess skips the post-processor then.
	keepsSingleInput bool
	decoder          decoder
	added            *addedVocabulary
	truncation       *truncation
	padding          *padding
	scratch          preTokenizedString // reused by every encode
	byteLevel        *byteLevelPath     // the shortcut for byte-level BPE pipelines, nil for others
	wordPiece        *wordPiecePath     // the shortcut for BERT's pipeline, nil for others
	segments         *segmentsPath      // the shortcut for SentencePiece-style BPE, nil for others
	pair             Encoding           // the encoding of a pair's second input, reused by every encode
	encodings        []*Encoding        // the list handed to the post-processor, reused
	source           rawTokenizer       // what MarshalImage writes besides the model's binary form
}

// Encode encodes one text.
func (t *Tokenizer) Encode(text string, opts Options) (*Encoding, error) {
	e := new(Encoding)
	if err := t.encodeInto(e, text, nil, &opts); err != nil {
		return nil, err
	}
	return e, nil
}

// EncodePair encodes a pair of texts (HF encode((a, b))); offsets are relative to each text.
func (t *Tokenizer) EncodePair(a, b string, opts Options) (*Encoding, error) {
	e := new(Encoding)
	if err := t.encodeInto(e, a, &b, &opts); err != nil {
		return nil, err
	}
	return e, nil
}

// EncodeInto is Encode writing into dst, whose arrays it reuses: a caller that encodes many texts one
// after the other saves an allocation per field and call. dst's previous contents are overwritten.
func (t *Tokenizer) EncodeInto(dst *Encoding, text string, opts Options) error {
	return t.encodeInto(dst, text, nil, &opts)
}

// EncodePairInto is EncodePair writing into dst, as EncodeInto.
func (t *Tokenizer) EncodePairInto(dst *Encoding, a, b string, opts Options) error {
	return t.encodeInto(dst, a, &b, &opts)
}

// EncodeBatch encodes each text and then pads the batch as the stored padding says.
func (t *Tokenizer) EncodeBatch(texts []string, opts Options) ([]*Encoding, error) {
	out := make([]*Encoding, len(texts))
	for i, text := range texts {
		out[i] = new(Encoding)
		if err := t.encodeUnfinished(out[i], text, nil, &opts); err != nil {
			return nil, err
		}
	}
	if p := t.callPadding(&opts); p != nil {
		padEncodings(out, *p)
	}
	for _, e := range out {
		e.fillSequenceIDs()
	}
	return out, nil
}

func (t *Tokenizer) encodeInto(dst *Encoding, a string, b *string, opts *Options) error {
	if b == nil && t.keepsSingleInput && !opts.AddSpecialTokens && t.callTruncationOff(opts) && t.callPaddingOff(opts) {
		// The common call, one input that post-processing, truncation and padding all leave as it is:
		// skipping their calls saves a tenth of a short input's time inside wasm.
		if err := t.encodeSequence(dst, a, 0, opts); err != nil {
			return err
		}
		dst.setSequenceID(0)
	} else if err := t.encodeUnfinished(dst, a, b, opts); err != nil {
		return err
	}
	dst.fillSequenceIDs()
	return nil
}

// encodeUnfinished runs the pipeline into dst: added tokens, normalize, pre-tokenize, model, post-process.
func (t *Tokenizer) encodeUnfinished(dst *Encoding, a string, b *string, opts *Options) error {
	// The first input is encoded into dst itself: post-processors that work in place then leave
	// nothing to copy.
	enc := dst
	if err := t.encodeSequence(enc, a, 0, opts); err != nil {
		return err
	}
	var pair *Encoding
	if b != nil {
		pair = &t.pair
		if err := t.encodeSequence(pair, *b, 1, opts); err != nil {
			return err
		}
	}
	trunc, err := t.callTruncation(opts)
	if err != nil {
		return err
	}
	final, err := t.postProcess(enc, pair, opts.AddSpecialTokens, trunc, t.callPadding(opts))
	if err != nil {
		return err
	}
	if final != dst {
		// final is new or one of the reused encodings, and shares no array with dst.
		dst.setFrom(final)
	}
	return nil
}

func (t *Tokenizer) encodeSequence(e *Encoding, text string, typeID uint32, opts *Options) error {
	if !opts.ValidUTF8 && !utf8.ValidString(text) {
		return ErrInvalidUTF8
	}
	p := &t.scratch
	if err := t.added.extractAndNormalize(t.normalizer, p, text); err != nil {
		return err
	}
	if t.byteLevel != nil && t.byteLevel.applies(p) {
		return t.byteLevel.encode(p, e, typeID, opts.Interrupted)
	}
	if t.wordPiece != nil {
		return t.wordPiece.encode(p, e, typeID, opts.Interrupted)
	}
	if t.segments != nil {
		return t.segments.encode(p, e, typeID, opts.Interrupted)
	}
	if t.preTokenizer != nil {
		if err := t.preTokenizer.preTokenize(p); err != nil {
			return err
		}
	}
	if err := p.tokenize(t.model, opts.Interrupted); err != nil {
		return err
	}
	p.intoEncoding(e, typeID)
	return nil
}

// postProcess truncates, adds special tokens and pads, in HF's order.
func (t *Tokenizer) postProcess(enc, pair *Encoding, addSpecial bool, trunc *truncation, pad *padding) (*Encoding, error) {
	if pair == nil && !addSpecial && trunc == nil && pad == nil && t.keepsSingleInput {
		// The common call: the chain of post-processors would only set the sequence id.
		enc.setSequenceID(0)
		return enc, nil
	}
	// HF subtracts the added tokens from max_length in unsigned arithmetic: when they do not fit,
	// the length wraps around and nothing is truncated.
	if n := t.addedTokens(pair != nil); trunc != nil && !(addSpecial && n > trunc.maxLength) {
		params := *trunc
		if addSpecial {
			params.maxLength -= n
		}
		if err := truncateEncodings(enc, pair, params); err != nil {
			return nil, err
		}
	}
	var final *Encoding
	if t.postProcessor != nil {
		encs := append(t.encodings[:0], enc)
		if pair != nil {
			encs = append(encs, pair)
		}
		t.encodings = encs
		// Type ids need no setting here: encodeSequence gave each input its index as type id.
		for i, e := range encs {
			e.setSequenceID(i)
			for _, o := range e.Overflowing {
				o.setSequenceID(i)
			}
		}
		processed, err := t.postProcessor.processEncodings(encs, addSpecial)
		if err != nil {
			return nil, err
		}
		final = mergeEncodings(processed)
	} else if pair == nil {
		final = enc
	} else {
		enc.setSequenceID(0)
		pair.setSequenceID(1)
		final = mergeEncodings([]*Encoding{enc, pair})
	}
	if pad != nil {
		padEncodings([]*Encoding{final}, *pad)
	}
	return final, nil
}

func (t *Tokenizer) addedTokens(isPair bool) int {
	if t.postProcessor == nil {
		return 0
	}
	return t.postProcessor.addedTokens(isPair)
}

// Decode turns ids back into text; with skipSpecialTokens, special added tokens are left out.
func (t *Tokenizer) Decode(ids []uint32, skipSpecialTokens bool) (string, error) {
	tokens := make([]string, 0, len(ids))
	for _, id := range ids {
		tok, ok := t.added.decodeForm(id)
		if !ok {
			if tok, ok = t.model.idToToken(id); !ok {
				return "", fmt.Errorf("%w: %d", ErrUnknownID, id)
			}
		}
		if skipSpecialTokens && t.added.isSpecial(tok) {
			continue
		}
		tokens = append(tokens, tok)
	}
	if t.decoder == nil {
		return strings.Join(tokens, " "), nil
	}
	parts, err := t.decoder.decodeChain(tokens)
	if err != nil {
		return "", err
	}
	return strings.Join(parts, ""), nil
}

// TokenToID returns the id of a token, looking at added tokens first.
func (t *Tokenizer) TokenToID(tok string) (uint32, bool) {
	if id, ok := t.added.byContent.get(tok); ok {
		return id, true
	}
	return t.model.tokenToID(tok)
}

// IDToToken returns the token of an id, looking at added tokens first.
func (t *Tokenizer) IDToToken(id uint32) (string, bool) {
	if tok, ok := t.added.decodeForm(id); ok {
		return tok, true
	}
	return t.model.idToToken(id)
}

// VocabSize is the model's vocabulary plus the added tokens it does not already have
// (HF get_vocab_size(with_added_tokens=true)).
func (t *Tokenizer) VocabSize() int {
	n := t.model.vocabSize()
	for _, content := range t.added.byContent.keys {
		if _, ok := t.model.tokenToID(content); !ok {
			n++
		}
	}
	return n
}
