package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// The components read with the scanner keep encoding/json's meaning: null leaves a default, an unknown key
// is skipped, the last of two equal keys wins. Each want is HF's configuration for that file.
func TestComponentFieldsScanned(t *testing.T) {
	cases := []struct {
		load func(rawJSON) (any, error)
		json string
		want any
	}{
		{loadAnyTruncation, `{"direction": "Left", "max_length": 3, "strategy": "OnlyFirst", "stride": 1}`,
			&truncation{maxLength: 3, stride: 1, strategy: truncateOnlyFirst, left: true}},
		{loadAnyTruncation, `{"direction": null, "max_length": null, "strategy": null, "stride": null, "x": [{}]}`,
			&truncation{strategy: truncateLongestFirst}},
		{loadAnyTruncation, `{"max_length": 1, "strategy": "OnlySecond", "max_length": 2, "strategy": "OnlyFirst"}`,
			&truncation{maxLength: 2, strategy: truncateOnlyFirst}},
		{loadAnyPadding, `{"strategy": {"Fixed": 5, "x": 1}, "direction": "Left", "pad_to_multiple_of": 8, "pad_id": 3, "pad_type_id": 1, "pad_token": "<pad>"}`,
			&padding{fixed: 5, left: true, padToMultiple: 8, padID: 3, padTypeID: 1, padToken: "<pad>"}},
		{loadAnyPadding, `{"strategy": {"Fixed": 5}, "strategy": "BatchLongest", "pad_to_multiple_of": 8, "pad_to_multiple_of": null, "pad_id": null}`,
			&padding{batchLongest: true}},
		{loadAnyPadding, `{"strategy": "BatchLongest", "strategy": {"Fixed": 7}}`, &padding{fixed: 7}},
		{loadAnyNormalizer, `{"type": "Strip", "strip_left": true, "strip_right": true, "strip_left": null}`, stripNormalizer{left: true, right: true}},
		{loadAnyPreTokenizer, `{"type": "Digits", "individual_digits": true, "x": null}`, digitsPreTokenizer{individual: true}},
		{loadAnyPreTokenizer, `{"type": "Punctuation", "behavior": null}`, punctuationPreTokenizer{splitIsolated}},
		{loadAnyPreTokenizer, `{"type": "Punctuation", "behavior": "Removed", "behavior": "Contiguous"}`, punctuationPreTokenizer{splitContiguous}},
		{loadAnyPreTokenizer, `{"type": "CharDelimiterSplit", "delimiter": "é"}`, charDelimiterSplit{'é'}},
		{loadAnyPreTokenizer, `{"type": "FixedLength", "length": null}`, fixedLengthPreTokenizer{5}},
		{loadAnyPreTokenizer, `{"type": "Metaspace", "replacement": "_", "replacement": "▁", "str_rep": "x", "prepend_scheme": null, "split": null}`,
			&metaspace{replacement: '▁', repl: "▁", scheme: prependAlways, split: true}},
		{loadAnyPreTokenizer, `{"type": "Metaspace", "replacement": "▁", "add_prefix_space": false, "prepend_scheme": "never", "split": false}`,
			&metaspace{replacement: '▁', repl: "▁", scheme: prependNever}},
		{loadAnyPostProcessor, `{"type": "BertProcessing", "sep": [null, 5], "cls": ["<s>", 0], "cls": ["<c>", null]}`,
			&bertProcessing{sep: specialToken{"[SEP]", 5}, cls: specialToken{"<c>", 0}}},
		{loadAnyPostProcessor, `{"type": "RobertaProcessing", "sep": ["</w>", 9], "trim_offsets": null, "add_prefix_space": false}`,
			&robertaProcessing{sep: specialToken{"</w>", 9}, cls: specialToken{"<s>", 0}, trimOffsets: true}},
		{loadAnyDecoder, `{"type": "BPEDecoder", "suffix": null}`, bpeDecoder{"</w>"}},
		{loadAnyDecoder, `{"type": "CTC", "pad_token": "[PAD]", "word_delimiter_token": null, "cleanup": false}`,
			ctcDecoder{padToken: "[PAD]", wordDelimiter: "|"}},
	}
	for _, c := range cases {
		got, err := c.load(rawJSON(c.json))
		if err != nil {
			t.Errorf("%s: %v", c.json, err)
		} else if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.json, got, c.want)
		}
	}
}

func TestComponentFieldErrors(t *testing.T) {
	cases := []struct {
		load func(rawJSON) (any, error)
		json string
		want string // in the error
	}{
		{loadAnyTruncation, `{"max_length": -1}`, "truncation: json: invalid integer"},
		{loadAnyTruncation, `{"max_length": 3.0}`, "truncation: json: expected an integer"},
		{loadAnyTruncation, `{"strategy": "Foo"}`, `truncation.strategy: unsupported type "Foo"`},
		{loadAnyPadding, `{"pad_id": 0}`, "padding.strategy: unsupported type"},
		{loadAnyPadding, `{"strategy": {"Fixed": null}}`, `padding.strategy: unsupported type {"Fixed": null}`},
		{loadAnyPadding, `{"strategy": "Fixed"}`, `padding.strategy: unsupported type "Fixed"`},
		{loadAnyPadding, `{"strategy": {"Fixed": -1}}`, "padding: json: invalid integer"},
		{loadAnyPadding, `{"strategy": "BatchLongest", "pad_id": 4294967296}`, "padding: json: expected an integer from 0 to 4294967295"},
		{loadAnyNormalizer, `{"type": "Strip", "strip_right": 1}`, "normalizer: json: expected true or false"},
		{loadAnyNormalizer, `{"type": "Precompiled", "precompiled_charsmap": "AAAAAGFiYwA=", "precompiled_charsmap": null}`, "normalizer: missing precompiled_charsmap"},
		{loadAnyPreTokenizer, `{"type": "FixedLength", "length": 0}`, "pre_tokenizer.length: must be positive, got 0"},
		{loadAnyPreTokenizer, `{"type": "FixedLength", "length": -2}`, "pre_tokenizer: json: invalid integer"},
		{loadAnyPreTokenizer, `{"type": "CharDelimiterSplit", "delimiter": null}`, `pre_tokenizer.delimiter: "" is not one character`},
		{loadAnyPreTokenizer, `{"type": "Metaspace", "replacement": "▁", "replacement": null}`, "pre_tokenizer: missing replacement"},
		{loadAnyPreTokenizer, `{"type": "Metaspace", "replacement": "▁", "add_prefix_space": false}`, "add_prefix_space does not match"},
		{loadAnyPostProcessor, `{"type": "BertProcessing", "sep": null}`, "post_processor: json: expected an array"},
		{loadAnyPostProcessor, `{"type": "BertProcessing", "sep": ["x"]}`, "post_processor.sep: expected [token, id], got 1 items"},
		{loadAnyPostProcessor, `{"type": "RobertaProcessing", "cls": ["x", 1, 2]}`, "post_processor.cls: expected [token, id], got 3 items"},
		{loadAnyPostProcessor, `{"type": "RobertaProcessing", "cls": ["x", -1]}`, "post_processor: json: invalid integer"},
		{loadAnyDecoder, `{"type": "CTC", "cleanup": "yes"}`, "decoder: json: expected true or false"},
		{loadAnyModel, `{"type": "WordLevel", "vocab": {"a": -1}}`, "model: json: invalid integer"},
		{loadAnyModel, `{"type": "WordLevel", "vocab": {"a": 0}, "vocab": null}`, "model: missing vocab"},
		{loadAnyModel, `{"type": "Unigram", "vocab": [["a", 1], ["b"]]}`, "model.vocab[1]: expected [piece, score], got 1 items"},
		{loadAnyModel, `{"type": "Unigram", "vocab": [["a", 1, 2]]}`, "model.vocab[0]: expected [piece, score], got 3 items"},
		{loadAnyModel, `{"type": "Unigram", "vocab": [["a", null]]}`, `model.vocab[0]: score of "a": invalid JSON number`},
		{loadAnyModel, `{"type": "Unigram", "vocab": [null]}`, "model: json: expected an array"},
		{loadAnyModel, `{"type": "Unigram", "vocab": [["a", 1]], "unk_id": -1}`, "model: json: invalid integer"},
		{loadAnyModel, `{"type": "Unigram", "vocab": [["a", 1]], "unk_id": 1}`, "unk_id 1 is not in the vocabulary"},
	}
	for _, c := range cases {
		_, err := c.load(rawJSON(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.json, err, c.want)
		}
		if errors.Is(err, ErrBadImage) {
			t.Errorf("%s: a component error is no image error", c.json)
		}
	}
}

// A repeated WordLevel vocab adds to the map, as in encoding/json; null empties it.
func TestWordLevelVocabRepeated(t *testing.T) {
	for js, want := range map[string][]string{
		`{"type": "WordLevel", "vocab": {"a": 0}, "vocab": {"b": 1}}`:                {"a", "b"},
		`{"type": "WordLevel", "vocab": {"a": 0}, "vocab": null, "vocab": {"b": 1}}`: {"", "b"},
		`{"type": "WordLevel", "vocab": {"a": 0, "a": 2, "b\u0063": 1}}`:             {"", "bc", "a"},
	} {
		m, err := loadModel(rawJSON(js), "model")
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		if got := m.(*wordLevelModel).vocabR; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: tokens by id %q, want %q", js, got, want)
		}
	}
}

// A Unigram vocabulary keeps its entries' order, null pieces stay empty and the last vocab wins.
func TestUnigramVocabScanned(t *testing.T) {
	m, err := loadModel(rawJSON(`{"type": "Unigram", "vocab": [["x", 1]], "byte_fallback": true, "unk_id": null,
		"vocab": [["<unk>", 0], [null, -2.5e-1], ["b", -1]], "unk_id": 0, "byte_fallback": null}`), "model")
	if err != nil {
		t.Fatal(err)
	}
	u := m.(*unigramModel)
	if !reflect.DeepEqual(u.pieces, []string{"<unk>", "", "b"}) || !reflect.DeepEqual(u.scores, []float64{0, -0.25, -1}) {
		t.Errorf("pieces %q, scores %v", u.pieces, u.scores)
	}
	if !u.hasUnk || u.unkID != 0 || !u.byteFallback {
		t.Errorf("unk %d/%v, byte_fallback %v: want 0/true, true", u.unkID, u.hasUnk, u.byteFallback)
	}
}

func loadAnyTruncation(raw rawJSON) (any, error)   { return loadTruncation(raw) }
func loadAnyPadding(raw rawJSON) (any, error)      { return loadPadding(raw) }
func loadAnyNormalizer(raw rawJSON) (any, error)   { return loadNormalizer(raw, "normalizer") }
func loadAnyPreTokenizer(raw rawJSON) (any, error) { return loadPreTokenizer(raw, "pre_tokenizer") }
func loadAnyModel(raw rawJSON) (any, error)        { return loadModel(raw, "model") }
func loadAnyDecoder(raw rawJSON) (any, error)      { return loadDecoder(raw, "decoder") }
func loadAnyPostProcessor(raw rawJSON) (any, error) {
	return loadPostProcessor(raw, "post_processor")
}
