package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrUnsupported is wrapped by Load errors for a component type the engine does not implement.
var ErrUnsupported = errors.New("unsupported type")

// rawTokenizer is the top level of tokenizer.json; unknown fields are ignored.
type rawTokenizer struct {
	Version       string          `json:"version"`
	Truncation    json.RawMessage `json:"truncation"`
	Padding       json.RawMessage `json:"padding"`
	AddedTokens   []rawAddedToken `json:"added_tokens"`
	Normalizer    json.RawMessage `json:"normalizer"`
	PreTokenizer  json.RawMessage `json:"pre_tokenizer"`
	PostProcessor json.RawMessage `json:"post_processor"`
	Decoder       json.RawMessage `json:"decoder"`
	Model         json.RawMessage `json:"model"`
}

type rawAddedToken struct {
	ID         uint32 `json:"id"`
	Content    string `json:"content"`
	SingleWord bool   `json:"single_word"`
	LStrip     bool   `json:"lstrip"`
	RStrip     bool   `json:"rstrip"`
	Normalized *bool  `json:"normalized"`
	Special    bool   `json:"special"`
}

// Load parses a tokenizer.json. Errors name the component that could not be built, e.g.
// `engine: pre_tokenizer.pretokenizers[1]: unsupported type "Foo"`.
func Load(data []byte) (*Tokenizer, error) {
	var raw rawTokenizer
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("engine: parsing tokenizer.json: %w", err)
	}
	if raw.Version != "" && raw.Version != "1.0" {
		return nil, fmt.Errorf("engine: unknown tokenizer version %q", raw.Version)
	}
	t := &Tokenizer{}
	var err error
	if t.model, err = loadModel(raw.Model, "model"); err != nil {
		return nil, err
	}
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
	list := make([]addedToken, len(raw.AddedTokens))
	for i, a := range raw.AddedTokens {
		list[i] = addedToken{content: a.Content, singleWord: a.SingleWord, lstrip: a.LStrip, rstrip: a.RStrip,
			normalized: a.Normalized == nil || *a.Normalized, special: a.Special}
	}
	if t.added, err = newAddedVocabulary(list, t.model, t.normalizer); err != nil {
		return nil, fmt.Errorf("engine: added_tokens: %w", err)
	}
	return t, nil
}

// The registries: adding a component type is one case here plus its constructor in its own file.
// A constructor gets the component's JSON and its path in the file, for error messages.

func loadNormalizer(raw json.RawMessage, path string) (normalizer, error) {
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
		return lowercaseNormalizer{}, nil
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

func loadPreTokenizer(raw json.RawMessage, path string) (preTokenizer, error) {
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

func loadModel(raw json.RawMessage, path string) (model, error) {
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

func loadPostProcessor(raw json.RawMessage, path string) (postProcessor, error) {
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

func loadDecoder(raw json.RawMessage, path string) (decoder, error) {
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
func present(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && !bytes.Equal(t, []byte("null"))
}

func componentType(raw json.RawMessage, path string) (string, error) {
	var head struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return "", fmt.Errorf("engine: %s: %w", path, err)
	}
	if head.Type == nil {
		return "", fmt.Errorf("engine: %s: missing \"type\"", path)
	}
	return *head.Type, nil
}

// modelType reads model.type, or infers it for legacy files the way HF's untagged fallback does:
// BPE has merges, WordPiece has its three extra fields, WordLevel a vocabulary map, Unigram a list.
func modelType(raw json.RawMessage, path string) (string, error) {
	var head struct {
		Type                    *string         `json:"type"`
		Vocab                   json.RawMessage `json:"vocab"`
		Merges                  json.RawMessage `json:"merges"`
		UnkToken                json.RawMessage `json:"unk_token"`
		ContinuingSubwordPrefix json.RawMessage `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    json.RawMessage `json:"max_input_chars_per_word"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return "", fmt.Errorf("engine: %s: %w", path, err)
	}
	if head.Type != nil {
		return *head.Type, nil
	}
	vocab := bytes.TrimSpace(head.Vocab)
	switch {
	case len(vocab) > 0 && vocab[0] == '{' && head.Merges != nil:
		return "BPE", nil
	case len(vocab) > 0 && vocab[0] == '{' && head.UnkToken != nil && head.ContinuingSubwordPrefix != nil && head.MaxInputCharsPerWord != nil:
		return "WordPiece", nil
	case len(vocab) > 0 && vocab[0] == '{':
		return "WordLevel", nil
	case len(vocab) > 0 && vocab[0] == '[':
		return "Unigram", nil
	}
	return "", fmt.Errorf("engine: %s: no \"type\" and no vocabulary to infer it from", path)
}

func unsupported(path, typ string) error {
	return fmt.Errorf("engine: %s: %w %q", path, ErrUnsupported, typ)
}

// decodeComponent unmarshals a component's own fields, naming the component in errors.
func decodeComponent(raw json.RawMessage, path string, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("engine: %s: %w", path, err)
	}
	return nil
}

func loadTruncation(raw json.RawMessage) (*truncation, error) {
	var r struct {
		Direction string `json:"direction"`
		MaxLength int    `json:"max_length"`
		Strategy  string `json:"strategy"`
		Stride    int    `json:"stride"`
	}
	if err := decodeComponent(raw, "truncation", &r); err != nil {
		return nil, err
	}
	t := &truncation{maxLength: r.MaxLength, stride: r.Stride, left: r.Direction == "Left"}
	switch r.Strategy {
	case "LongestFirst", "":
		t.strategy = truncateLongestFirst
	case "OnlyFirst":
		t.strategy = truncateOnlyFirst
	case "OnlySecond":
		t.strategy = truncateOnlySecond
	default:
		return nil, fmt.Errorf("engine: truncation.strategy: %w %q", ErrUnsupported, r.Strategy)
	}
	return t, nil
}

func loadPadding(raw json.RawMessage) (*padding, error) {
	var r struct {
		Strategy        json.RawMessage `json:"strategy"`
		Direction       string          `json:"direction"`
		PadToMultipleOf *int            `json:"pad_to_multiple_of"`
		PadID           uint32          `json:"pad_id"`
		PadTypeID       uint32          `json:"pad_type_id"`
		PadToken        string          `json:"pad_token"`
	}
	if err := decodeComponent(raw, "padding", &r); err != nil {
		return nil, err
	}
	p := &padding{left: r.Direction == "Left", padID: r.PadID, padTypeID: r.PadTypeID, padToken: r.PadToken}
	if r.PadToMultipleOf != nil {
		p.padToMultiple = *r.PadToMultipleOf
	}
	// strategy is "BatchLongest" or {"Fixed": n}.
	var name string
	if json.Unmarshal(r.Strategy, &name) == nil && name == "BatchLongest" {
		p.batchLongest = true
		return p, nil
	}
	var fixed struct {
		Fixed *int `json:"Fixed"`
	}
	if json.Unmarshal(r.Strategy, &fixed) == nil && fixed.Fixed != nil {
		p.fixed = *fixed.Fixed
		return p, nil
	}
	return nil, fmt.Errorf("engine: padding.strategy: %w %s", ErrUnsupported, r.Strategy)
}
