package engine

import (
	"fmt"
	"strings"
	"testing"
)

// wordsJSON is a tokenizer whose tokens are the white-space separated words of the input.
func wordsJSON(postProcessor, extra string) []byte {
	return []byte(`{"version": "1.0", "added_tokens": [],
	  "pre_tokenizer": {"type": "WhitespaceSplit"},
	  "post_processor": ` + postProcessor + `, ` + extra + `
	  "model": {"type": "WordLevel", "unk_token": "[UNK]", "vocab": {"[SEP]": 0, "[CLS]": 1, "my": 2, "name": 3,
	    "is": 4, "john": 5, "pair": 6, "[PAD]": 7, "[UNK]": 8}}}`)
}

func mustLoadTokenizer(t *testing.T, data []byte) *Tokenizer {
	t.Helper()
	tk, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// describe renders an encoding's fields compactly, overflowing parts after " / ".
func describe(e *Encoding) string {
	var sb strings.Builder
	for i := range e.IDs {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%s:%d t%d s%d a%d q%d @%d-%d", e.Tokens[i], e.IDs[i], e.TypeIDs[i], e.SpecialTokensMask[i],
			e.AttentionMask[i], e.SequenceIDs[i], e.Offsets[i].Start, e.Offsets[i].End)
	}
	for _, o := range e.Overflowing {
		sb.WriteString(" / ")
		sb.WriteString(describe(o))
	}
	return sb.String()
}

func encodeDescribe(t *testing.T, tk *Tokenizer, a string, b *string, opts Options) string {
	t.Helper()
	var e *Encoding
	var err error
	if b == nil {
		e, err = tk.Encode(a, opts)
	} else {
		e, err = tk.EncodePair(a, *b, opts)
	}
	if err != nil {
		t.Fatal(err)
	}
	return describe(e)
}

func ptr(s string) *string { return &s }

// TestBertRobertaProcessing follows HF's Python tests (tokens and ids) and its code for the other fields.
func TestBertRobertaProcessing(t *testing.T) {
	bert := mustLoadTokenizer(t, wordsJSON(`{"type": "BertProcessing", "sep": ["[SEP]", 0], "cls": ["[CLS]", 1]}`, ""))
	got := encodeDescribe(t, bert, "my name", ptr("pair"), Options{AddSpecialTokens: true})
	want := "[CLS]:1 t0 s1 a1 q-1 @0-0 my:2 t0 s0 a1 q0 @0-2 name:3 t0 s0 a1 q0 @3-7 [SEP]:0 t0 s1 a1 q-1 @0-0 " +
		"pair:6 t1 s0 a1 q1 @0-4 [SEP]:0 t1 s1 a1 q-1 @0-0"
	if got != want {
		t.Errorf("bert pair:\n got %s\nwant %s", got, want)
	}
	if got := encodeDescribe(t, bert, "my name", ptr("pair"), Options{}); got != "my:2 t0 s0 a1 q0 @0-2 name:3 t0 s0 a1 q0 @3-7 pair:6 t1 s0 a1 q1 @0-4" {
		t.Errorf("bert pair without special tokens: %s", got)
	}

	roberta := mustLoadTokenizer(t, wordsJSON(`{"type": "RobertaProcessing", "sep": ["[SEP]", 0], "cls": ["[CLS]", 1], "trim_offsets": false}`, ""))
	got = encodeDescribe(t, roberta, "my name", ptr("pair"), Options{AddSpecialTokens: true})
	want = "[CLS]:1 t0 s1 a1 q-1 @0-0 my:2 t0 s0 a1 q0 @0-2 name:3 t0 s0 a1 q0 @3-7 [SEP]:0 t0 s1 a1 q-1 @0-0 " +
		"[SEP]:0 t0 s1 a1 q-1 @0-0 pair:6 t0 s0 a1 q1 @0-4 [SEP]:0 t0 s1 a1 q-1 @0-0"
	if got != want {
		t.Errorf("roberta pair:\n got %s\nwant %s", got, want)
	}
	// Roberta gives every token type id 0, even without special tokens.
	if got := encodeDescribe(t, roberta, "my", ptr("pair"), Options{}); got != "my:2 t0 s0 a1 q0 @0-2 pair:6 t0 s0 a1 q1 @0-4" {
		t.Errorf("roberta pair without special tokens: %s", got)
	}

	// Overflowing parts get their own special tokens; a pair's parts combine as HF's merge does.
	e, err := bert.EncodePair("my name is john", "pair", Options{AddSpecialTokens: true, Truncation: &TruncationParams{MaxLength: 5}})
	if err != nil {
		t.Fatal(err)
	}
	got = strings.Join(e.Tokens, " ")
	for _, o := range e.Overflowing {
		got += " / " + strings.Join(o.Tokens, " ")
	}
	if want := "[CLS] my [SEP] pair [SEP] / [CLS] name [SEP] pair [SEP] / [CLS] is [SEP] pair [SEP] / [CLS] john [SEP] pair [SEP]"; got != want {
		t.Errorf("overflowing pair:\n got %s\nwant %s", got, want)
	}
}
