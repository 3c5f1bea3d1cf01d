package engine

import (
	"strings"
	"testing"
)

// TestTruncationStrategies follows HF's Python test_truncation and the Rust Encoding::truncate tests.
func TestTruncationStrategies(t *testing.T) {
	tk := mustLoadTokenizer(t, wordsJSON("null", ""))
	tokens := func(a string, b *string, p TruncationParams) string {
		t.Helper()
		var e *Encoding
		var err error
		if b == nil {
			e, err = tk.Encode(a, Options{Truncation: &p})
		} else {
			e, err = tk.EncodePair(a, *b, Options{Truncation: &p})
		}
		if err != nil {
			return "error: " + err.Error()
		}
		out := strings.Join(e.Tokens, " ")
		for _, o := range e.Overflowing {
			out += " / " + strings.Join(o.Tokens, " ")
		}
		return out
	}
	cases := []struct {
		a    string
		b    *string
		p    TruncationParams
		want string
	}{
		{"my name is john", nil, TruncationParams{MaxLength: 2}, "my name / is john"},
		{"my name is john", ptr("pair"), TruncationParams{MaxLength: 2}, "my pair / name pair / is pair / john pair"},
		{"my name is john", nil, TruncationParams{MaxLength: 2, Left: true}, "is john / my name"},
		{"my name is john", ptr("pair"), TruncationParams{MaxLength: 2, Left: true}, "john pair / is pair / name pair / my pair"},
		// Windows of 4 overlapping by 2 (HF's truncate_overflow_with_stride).
		{"my name is john pair", nil, TruncationParams{MaxLength: 4, Stride: 2}, "my name is john / is john pair"},
		{"my name is john", ptr("pair is"), TruncationParams{MaxLength: 4, Strategy: OnlyFirst}, "my name pair is / is john pair is"},
		{"my", ptr("name is john pair"), TruncationParams{MaxLength: 3, Strategy: OnlySecond}, "my name is / my john pair"},
		{"my", nil, TruncationParams{MaxLength: 3, Strategy: OnlySecond}, "my"},
		{"my name", nil, TruncationParams{MaxLength: 1, Strategy: OnlySecond}, "error: engine: truncation\nsecond sequence not provided"},
		{"my", ptr("name is"), TruncationParams{MaxLength: 2, Strategy: OnlyFirst}, "error: engine: truncation\nsequence to truncate too short to respect the provided max_length"},
		// LongestFirst with one long sequence cuts only that one.
		{"my", ptr("name is john pair"), TruncationParams{MaxLength: 3}, "my name is / my john pair"},
		{"my name is john", nil, TruncationParams{MaxLength: 0}, " / my name is john"},
	}
	for _, c := range cases {
		if got := tokens(c.a, c.b, c.p); got != c.want {
			t.Errorf("%q + %v with %+v:\n got %q\nwant %q", c.a, c.b, c.p, got, c.want)
		}
	}
}

// TestPadding follows HF's Python test_padding and its pad_encodings code.
func TestPadding(t *testing.T) {
	tk := mustLoadTokenizer(t, wordsJSON("null", ""))
	longest := &PaddingParams{BatchLongest: true, PadID: 7, PadToken: "[PAD]"}
	// Encode is a batch of one: nothing to pad to.
	if got := encodeDescribe(t, tk, "my name", nil, Options{Padding: longest}); got != "my:2 t0 s0 a1 q0 @0-2 name:3 t0 s0 a1 q0 @3-7" {
		t.Errorf("batch of one: %s", got)
	}
	batch, err := tk.EncodeBatch([]string{"my name", "my name is john"}, Options{Padding: longest})
	if err != nil {
		t.Fatal(err)
	}
	// Without a post-processor no sequence range is recorded, so HF counts the padding in sequence 0.
	if got := describe(batch[0]); got != "my:2 t0 s0 a1 q0 @0-2 name:3 t0 s0 a1 q0 @3-7 [PAD]:7 t0 s1 a0 q0 @0-0 [PAD]:7 t0 s1 a0 q0 @0-0" {
		t.Errorf("batch longest: %s", got)
	}
	fixed := &PaddingParams{Length: 4, PadID: 7, PadTypeID: 2, PadToken: "[PAD]", Left: true}
	got := encodeDescribe(t, tk, "my name", ptr("pair"), Options{Padding: fixed})
	if want := "[PAD]:7 t2 s1 a0 q-1 @0-0 my:2 t0 s0 a1 q0 @0-2 name:3 t0 s0 a1 q0 @3-7 pair:6 t1 s0 a1 q1 @0-4"; got != want {
		t.Errorf("fixed left pair:\n got %s\nwant %s", got, want)
	}
	// pad_to_multiple_of rounds up; overflowing parts are padded too.
	multiple := &PaddingParams{BatchLongest: true, PadToMultipleOf: 3, PadID: 7, PadToken: "[PAD]"}
	e, err := tk.Encode("my name is john", Options{Padding: multiple, Truncation: &TruncationParams{MaxLength: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Tokens, " ") + " / " + strings.Join(e.Overflowing[0].Tokens, " "); got != "my name [PAD] / is john [PAD]" {
		t.Errorf("multiple of 3: %s", got)
	}
}

func TestOptionsOverrideStoredSettings(t *testing.T) {
	extra := `"truncation": {"direction": "Right", "max_length": 3, "strategy": "LongestFirst", "stride": 0},
	  "padding": {"strategy": {"Fixed": 5}, "direction": "Right", "pad_to_multiple_of": null, "pad_id": 7, "pad_type_id": 0, "pad_token": "[PAD]"},`
	tk := mustLoadTokenizer(t, wordsJSON(`{"type": "BertProcessing", "sep": ["[SEP]", 0], "cls": ["[CLS]", 1]}`, extra))
	tokens := func(opts Options) string {
		t.Helper()
		e, err := tk.Encode("my name is john", opts)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(e.Tokens, " ")
	}
	// max_length counts the special tokens.
	if got := tokens(Options{AddSpecialTokens: true}); got != "[CLS] my [SEP] [PAD] [PAD]" {
		t.Errorf("stored settings: %s", got)
	}
	if got := tokens(Options{}); got != "my name is [PAD] [PAD]" {
		t.Errorf("stored settings without special tokens: %s", got)
	}
	if got := tokens(Options{AddSpecialTokens: true, NoTruncation: true, NoPadding: true}); got != "[CLS] my name is john [SEP]" {
		t.Errorf("switched off: %s", got)
	}
	// A max_length below the special tokens wraps around in HF's unsigned arithmetic: no truncation.
	if got := tokens(Options{AddSpecialTokens: true, Truncation: &TruncationParams{MaxLength: 1}, NoPadding: true}); got != "[CLS] my name is john [SEP]" {
		t.Errorf("max_length below the special tokens: %s", got)
	}
	_, err := tk.Encode("my name", Options{Truncation: &TruncationParams{MaxLength: 1, Stride: 1}})
	if err == nil {
		t.Error("stride not below max_length: no error")
	}
}
