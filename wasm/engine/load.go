package engine

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// ErrUnsupported is wrapped by Load errors for a component type the engine does not implement.
var ErrUnsupported = errors.New("unsupported type")

// rawTokenizer is tokenizer.json cut into its sections, as scanTokenizer finds them; a section that is
// absent or null has no bytes.
type rawTokenizer struct {
	Truncation    rawJSON
	Padding       rawJSON
	AddedTokens   []addedToken
	Normalizer    rawJSON
	PreTokenizer  rawJSON
	PostProcessor rawJSON
	Decoder       rawJSON
	Model         rawJSON
	model         model // the model when the scan already built it
}

// Load parses a tokenizer.json. Errors name the component that could not be built, e.g.
// `engine: pre_tokenizer.pretokenizers[1]: unsupported type "Foo"`.
func Load(data []byte) (*Tokenizer, error) {
	return LoadWithLimits(data, DefaultLimits())
}

// LoadWithLimits is Load with other limits on the file's size and contents.
func LoadWithLimits(data []byte, lim Limits) (*Tokenizer, error) {
	return load(data, lim, true)
}

// LoadForImage is Load for a tokenizer that serves only until MarshalImage has made its image: it skips
// proving the model's encode shortcuts (tens of milliseconds inside the sandbox, on a model's cold start),
// which MarshalImage then proves for the image. Its encodes are as exact, only slower.
func LoadForImage(data []byte) (*Tokenizer, error) {
	return load(data, DefaultLimits(), false)
}

func load(data []byte, lim Limits, prove bool) (*Tokenizer, error) {
	raw, err := scanTokenizer(data, lim.clamped())
	if err != nil {
		return nil, err
	}
	m := raw.model
	if m == nil {
		if m, err = loadModel(raw.Model, "model"); err != nil {
			return nil, err
		}
	}
	if b, ok := m.(*bpeModel); ok && prove {
		b.proveShortcuts()
	}
	return assemble(raw, m)
}

// assemble builds the components around a loaded model; Load and LoadImage share it.
func assemble(raw rawTokenizer, m model) (*Tokenizer, error) {
	t := &Tokenizer{model: m}
	var err error
	if present(raw.Normalizer) {
		if t.normalizer, err = loadNormalizer(raw.Normalizer, "normalizer"); err != nil {
			return nil, err
		}
	}
	if present(raw.PreTokenizer) {
		if t.preTokenizer, err = loadPreTokenizer(raw.PreTokenizer, "pre_tokenizer"); err != nil {
			return nil, err
		}
	}
	if present(raw.PostProcessor) {
		if t.postProcessor, err = loadPostProcessor(raw.PostProcessor, "post_processor"); err != nil {
			return nil, err
		}
	}
	if present(raw.Decoder) {
		if t.decoder, err = loadDecoder(raw.Decoder, "decoder"); err != nil {
			return nil, err
		}
	}
	if present(raw.Truncation) {
		if t.truncation, err = loadTruncation(raw.Truncation); err != nil {
			return nil, err
		}
	}
	if present(raw.Padding) {
		if t.padding, err = loadPadding(raw.Padding); err != nil {
			return nil, err
		}
	}
	if t.added, err = newAddedVocabulary(raw.AddedTokens, t.model, t.normalizer); err != nil {
		return nil, fmt.Errorf("engine: added_tokens: %w", err)
	}
	t.keepsSingleInput = t.postProcessor == nil || t.postProcessor.keepsSingleInput()
	t.byteLevel = newByteLevelPath(t.preTokenizer, t.model)
	t.wordPiece = newWordPiecePath(t.preTokenizer, t.model)
	if t.segments = newSegmentsPath(t.preTokenizer, t.model); t.segments != nil && t.byteLevel == nil && t.wordPiece == nil {
		t.normalizer = deferringAlign(t.normalizer, t.added)
	}
	t.source = keepSource(raw, m)
	return t, nil
}

// The registries: adding a component type is one case here plus its constructor in its own file.
// A constructor gets the component's JSON and its path in the file, for error messages.

func loadNormalizer(raw rawJSON, path string) (normalizer, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "Sequence":
		return newNormalizerSequence(raw, path)
	case "NFC", "NFD", "NFKC", "NFKD":
		return newUnicodeNormalizer(typ), nil
	case "BertNormalizer":
		return newBertNormalizer(raw, path)
	case "Lowercase":
		return newLowercaseNormalizer(), nil
	case "Strip":
		return newStripNormalizer(raw, path)
	case "StripAccents":
		return stripAccentsNormalizer{}, nil
	case "Replace":
		return newReplaceNormalizer(raw, path)
	case "Prepend":
		return newPrependNormalizer(raw, path)
	case "Precompiled":
		return newPrecompiledNormalizer(raw, path)
	case "Nmt":
		return nmtNormalizer{}, nil
	}
	return nil, unsupported(path, typ)
}

func loadPreTokenizer(raw rawJSON, path string) (preTokenizer, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "Sequence":
		return newPreTokenizerSequence(raw, path)
	case "ByteLevel":
		return newByteLevelPreTokenizer(raw, path)
	case "Split":
		return newSplitPreTokenizer(raw, path)
	case "Digits":
		return newDigitsPreTokenizer(raw, path)
	case "BertPreTokenizer":
		return bertPreTokenizer{}, nil
	case "Metaspace":
		return newMetaspacePreTokenizer(raw, path)
	case "Whitespace":
		return whitespacePreTokenizer{}, nil
	case "WhitespaceSplit":
		return whitespaceSplitPreTokenizer{}, nil
	case "Punctuation":
		return newPunctuationPreTokenizer(raw, path)
	case "CharDelimiterSplit":
		return newCharDelimiterSplit(raw, path)
	case "UnicodeScripts":
		return unicodeScriptsPreTokenizer{}, nil
	case "FixedLength":
		return newFixedLengthPreTokenizer(raw, path)
	}
	return nil, unsupported(path, typ)
}

func loadModel(raw rawJSON, path string) (model, error) {
	if !present(raw) {
		return nil, fmt.Errorf("engine: %s: missing", path)
	}
	typ, err := modelType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "BPE":
		return newBPEModel(raw, path)
	case "WordPiece":
		return newWordPieceModel(raw, path)
	case "WordLevel":
		return newWordLevelModel(raw, path)
	case "Unigram":
		return newUnigramModel(raw, path)
	}
	return nil, unsupported(path, typ)
}

func loadPostProcessor(raw rawJSON, path string) (postProcessor, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "Sequence":
		return newPostProcessorSequence(raw, path)
	case "ByteLevel":
		return newByteLevelPostProcessor(raw, path)
	case "TemplateProcessing":
		return newTemplateProcessing(raw, path)
	case "BertProcessing":
		return newBertProcessing(raw, path)
	case "RobertaProcessing":
		return newRobertaProcessing(raw, path)
	}
	return nil, unsupported(path, typ)
}

func loadDecoder(raw rawJSON, path string) (decoder, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "Sequence":
		return newDecoderSequence(raw, path)
	case "ByteLevel":
		return byteLevelDecoder{}, nil
	case "WordPiece":
		return newWordPieceDecoder(raw, path)
	case "BPEDecoder":
		return newBPEDecoder(raw, path)
	case "CTC":
		return newCTCDecoder(raw, path)
	case "Replace":
		return newReplaceDecoder(raw, path)
	case "ByteFallback":
		return byteFallbackDecoder{}, nil
	case "Fuse":
		return fuseDecoder{}, nil
	case "Strip":
		return newStripDecoder(raw, path)
	case "Metaspace":
		return newMetaspaceDecoder(raw, path)
	}
	return nil, unsupported(path, typ)
}

// present reports whether an optional component is set (neither absent nor null).
func present(raw rawJSON) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && !bytes.Equal(t, []byte("null"))
}

func componentType(raw rawJSON, path string) (string, error) {
	typ, ok, err := scanComponentType(raw, path)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("engine: %s: missing \"type\"", path)
	}
	return typ, nil
}

// modelType reads model.type, or infers it for legacy files the way HF's untagged fallback does:
// BPE has merges, WordPiece has its three extra fields, WordLevel a vocabulary map, Unigram a list.
// It stops at "type", which HF writes first, so it rarely reads the vocabulary.
func modelType(raw rawJSON, path string) (string, error) {
	s := jsonscan.New(raw, DefaultLimits().MaxDepth)
	vocab := jsonscan.Invalid
	var merges, unkToken, prefix, maxChars bool
	for key := range s.Members() {
		switch string(key) {
		case "type":
			if !s.Null() {
				if typ := s.String(); s.Err() == nil {
					return string(typ), nil
				}
			}
		case "vocab":
			vocab = s.Peek()
			s.Skip()
		case "merges":
			merges = true
			s.Skip()
		case "unk_token":
			unkToken = true
			s.Skip()
		case "continuing_subword_prefix":
			prefix = true
			s.Skip()
		case "max_input_chars_per_word":
			maxChars = true
			s.Skip()
		default:
			s.Skip()
		}
	}
	if err := s.Err(); err != nil {
		return "", scanError(path, err)
	}
	switch {
	case vocab == jsonscan.Object && merges:
		return "BPE", nil
	case vocab == jsonscan.Object && unkToken && prefix && maxChars:
		return "WordPiece", nil
	case vocab == jsonscan.Object:
		return "WordLevel", nil
	case vocab == jsonscan.Array:
		return "Unigram", nil
	}
	return "", fmt.Errorf("engine: %s: no \"type\" and no vocabulary to infer it from", path)
}

func unsupported(path, typ string) error {
	return fmt.Errorf("engine: %s: %w %q", path, ErrUnsupported, typ)
}

func loadTruncation(raw rawJSON) (*truncation, error) {
	var direction, strategy string
	t := &truncation{}
	err := scanComponent(raw, "truncation", func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "direction":
			readString(s, &direction)
		case "max_length":
			readInt(s, &t.maxLength)
		case "strategy":
			readString(s, &strategy)
		case "stride":
			readInt(s, &t.stride)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	t.left = direction == "Left"
	switch strategy {
	case "LongestFirst", "":
		t.strategy = truncateLongestFirst
	case "OnlyFirst":
		t.strategy = truncateOnlyFirst
	case "OnlySecond":
		t.strategy = truncateOnlySecond
	default:
		return nil, fmt.Errorf("engine: truncation.strategy: %w %q", ErrUnsupported, strategy)
	}
	return t, nil
}

func loadPadding(raw rawJSON) (*padding, error) {
	var (
		direction string
		strategy  rawJSON // as the file has it, for the error message
		fixed     *int
	)
	p := &padding{}
	err := scanComponent(raw, "padding", func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "strategy":
			mark := s.Mark()
			p.batchLongest, fixed = readPaddingStrategy(s)
			strategy = s.Since(mark)
		case "direction":
			readString(s, &direction)
		case "pad_to_multiple_of":
			var multiple *int
			readOptInt(s, &multiple)
			p.padToMultiple = 0
			if multiple != nil {
				p.padToMultiple = *multiple
			}
		case "pad_id":
			readUint32(s, &p.padID)
		case "pad_type_id":
			readUint32(s, &p.padTypeID)
		case "pad_token":
			readString(s, &p.padToken)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	p.left = direction == "Left"
	switch {
	case p.batchLongest:
	case fixed != nil:
		p.fixed = *fixed
	default:
		return nil, fmt.Errorf("engine: padding.strategy: %w %s", ErrUnsupported, strategy)
	}
	return p, nil
}

// readPaddingStrategy reads "BatchLongest" or {"Fixed": n}; anything else yields neither.
func readPaddingStrategy(s *jsonscan.Scanner) (batchLongest bool, fixed *int) {
	switch s.Peek() {
	case jsonscan.String:
		return string(s.String()) == "BatchLongest", nil
	case jsonscan.Object:
		for key := range s.Members() {
			if string(key) == "Fixed" {
				readOptInt(s, &fixed)
			} else {
				s.Skip()
			}
		}
		return false, fixed
	}
	s.Skip()
	return false, nil
}
