package engine_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// tinyJSON is a small tokenizer: words split on spaces, a BPE over a, b, c, and the given parts.
func tinyJSON(addedTokens, postProcessor, extra string) []byte {
	return []byte(`{
  "version": "1.0",
  "added_tokens": [` + addedTokens + `],
  "normalizer": null,
  "pre_tokenizer": {"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false},
  "post_processor": ` + postProcessor + `,
  "decoder": null,
  ` + extra + `
  "model": {"type": "BPE", "unk_token": "[UNK]",
    "vocab": {"[UNK]": 0, "a": 1, "b": 2, "c": 3, "ab": 4, "abc": 5, "bc": 6, "[CLS]": 7, "[SEP]": 8},
    "merges": ["a b", "ab c", "b c"]}
}`)
}

func mustLoad(t *testing.T, data []byte) *engine.Tokenizer {
	t.Helper()
	tk, err := engine.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestBPEMergesByRank(t *testing.T) {
	tk := mustLoad(t, tinyJSON("", "null", ""))
	e, err := tk.Encode("abc bca cx", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// "abc": a+b (rank 0) then ab+c; "bca": b+c then a alone; "cx": x is unknown.
	wantIDs := []uint32{5, 6, 1, 3, 0}
	wantOffsets := []engine.Offset{{0, 3}, {4, 6}, {6, 7}, {8, 9}, {9, 10}}
	if !reflect.DeepEqual(e.IDs, wantIDs) || !reflect.DeepEqual(e.Offsets, wantOffsets) {
		t.Errorf("ids %v offsets %v, want %v %v", e.IDs, e.Offsets, wantIDs, wantOffsets)
	}
	if got := strings.Join(e.Tokens, " "); got != "abc bc a c [UNK]" {
		t.Errorf("tokens %q", got)
	}
	// Without a decoder, tokens are joined with spaces.
	if d, err := tk.Decode(e.IDs, false); err != nil || d != "abc bc a c [UNK]" {
		t.Errorf("decode %q, %v", d, err)
	}
}

func TestTemplateProcessingPair(t *testing.T) {
	post := `{"type": "TemplateProcessing",
	  "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
	  "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
	  "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [7], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [8], "tokens": ["[SEP]"]}}}`
	tk := mustLoad(t, tinyJSON("", post, ""))
	e, err := tk.EncodePair("ab", "c", engine.Options{AddSpecialTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	want := &engine.Encoding{
		IDs: []uint32{4, 8, 3}, TypeIDs: []uint32{0, 0, 1}, SpecialTokensMask: []uint32{0, 1, 0},
		AttentionMask: []uint32{1, 1, 1}, Tokens: []string{"ab", "[SEP]", "c"},
		Offsets: []engine.Offset{{0, 2}, {0, 0}, {0, 1}}, SequenceIDs: []int{0, -1, 1},
	}
	if !sameEncoding(e, want) {
		t.Errorf("got %+v\nwant %+v", e, want)
	}
	single, err := tk.Encode("ab", engine.Options{AddSpecialTokens: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(single.IDs, []uint32{7, 4, 8}) || !reflect.DeepEqual(single.SequenceIDs, []int{-1, 0, -1}) {
		t.Errorf("single ids %v sequence ids %v", single.IDs, single.SequenceIDs)
	}
	plain, err := tk.Encode("ab", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.IDs, []uint32{4}) {
		t.Errorf("without special tokens: %v", plain.IDs)
	}
}

func sameEncoding(a, b *engine.Encoding) bool {
	return reflect.DeepEqual(a.IDs, b.IDs) && reflect.DeepEqual(a.TypeIDs, b.TypeIDs) &&
		reflect.DeepEqual(a.SpecialTokensMask, b.SpecialTokensMask) && reflect.DeepEqual(a.AttentionMask, b.AttentionMask) &&
		reflect.DeepEqual(a.Tokens, b.Tokens) && reflect.DeepEqual(a.Offsets, b.Offsets) &&
		reflect.DeepEqual(a.SequenceIDs, b.SequenceIDs)
}

func TestAddedTokens(t *testing.T) {
	added := `{"id": 9, "content": "<x>", "single_word": false, "lstrip": true, "rstrip": true, "normalized": false, "special": true},
	  {"id": 10, "content": "ca", "single_word": true, "lstrip": false, "rstrip": false, "normalized": true, "special": false},
	  {"id": 11, "content": "<xy>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": false}`
	tk := mustLoad(t, tinyJSON(added, "null", ""))
	e, err := tk.Encode("ab  <x>  c ca bcab <xy>", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// <x> takes the spaces around it (lstrip/rstrip); "ca" only matches as a whole word; the longest
	// added token wins at a position (<xy> over <x>).
	wantTokens := []string{"ab", "  <x>  ", "c", "ca", "bc", "ab", "<xy>"}
	if !reflect.DeepEqual(e.Tokens, wantTokens) {
		t.Errorf("tokens %q, want %q", e.Tokens, wantTokens)
	}
	if !reflect.DeepEqual(e.IDs, []uint32{4, 9, 3, 10, 6, 4, 11}) {
		t.Errorf("ids %v", e.IDs)
	}
	if e.Offsets[1] != (engine.Offset{Start: 2, End: 9}) {
		t.Errorf("stripped token offsets %v", e.Offsets[1])
	}
	if d, _ := tk.Decode([]uint32{4, 9, 3}, true); d != "ab c" {
		t.Errorf("decode skipping special tokens: %q", d)
	}
	if tk.VocabSize() != 12 {
		t.Errorf("VocabSize %d, want 12", tk.VocabSize())
	}
	if id, ok := tk.TokenToID("<xy>"); !ok || id != 11 {
		t.Errorf("TokenToID(<xy>) = %d, %v", id, ok)
	}
	if tok, ok := tk.IDToToken(10); !ok || tok != "ca" {
		t.Errorf("IDToToken(10) = %q, %v", tok, ok)
	}
}

func TestTruncationAndPadding(t *testing.T) {
	extra := `"truncation": {"direction": "Right", "max_length": 3, "strategy": "LongestFirst", "stride": 1},
	  "padding": {"strategy": "BatchLongest", "direction": "Right", "pad_to_multiple_of": 4, "pad_id": 0, "pad_type_id": 0, "pad_token": "[UNK]"},`
	tk := mustLoad(t, tinyJSON("", "null", extra))
	e, err := tk.Encode("a b c a b", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Windows of 3 tokens overlapping by 1, each padded to a multiple of 4.
	if !reflect.DeepEqual(e.IDs, []uint32{1, 2, 3, 0}) || !reflect.DeepEqual(e.AttentionMask, []uint32{1, 1, 1, 0}) {
		t.Errorf("ids %v mask %v", e.IDs, e.AttentionMask)
	}
	if len(e.Overflowing) != 1 || !reflect.DeepEqual(e.Overflowing[0].IDs, []uint32{3, 1, 2, 0}) {
		t.Fatalf("overflowing %+v", e.Overflowing)
	}
	batch, err := tk.EncodeBatch([]string{"a", "a b c a b"}, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(batch[0].IDs) != 4 || batch[0].SpecialTokensMask[3] != 1 {
		t.Errorf("batch[0] %+v", batch[0])
	}
}

func TestLoadErrors(t *testing.T) {
	cases := map[string]struct {
		json string
		want string
	}{
		"unsupported pre-tokenizer": {
			`{"pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false}, {"type": "Foo"}]},
			  "model": {"type": "BPE", "vocab": {}, "merges": []}}`,
			`engine: pre_tokenizer.pretokenizers[1]: unsupported type "Foo"`,
		},
		"ambiguous merge": {
			`{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b c"]}}`,
			`does not split into two tokens`,
		},
		"merge out of vocabulary": {
			`{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}`,
			`token "ab" out of vocabulary`,
		},
		"unsupported model": {
			`{"model": {"type": "Foo"}}`,
			`engine: model: unsupported type "Foo"`,
		},
	}
	for name, c := range cases {
		_, err := engine.Load([]byte(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", name, err, c.want)
		}
	}
	_, err := engine.Load([]byte(`{"model": {"type": "Foo"}}`))
	if !errors.Is(err, engine.ErrUnsupported) {
		t.Errorf("unsupported type error %v does not wrap ErrUnsupported", err)
	}
}

func TestLegacyModelWithoutType(t *testing.T) {
	tk := mustLoad(t, []byte(`{"model": {"vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}}`))
	e, err := tk.Encode("ab", engine.Options{})
	if err != nil || !reflect.DeepEqual(e.IDs, []uint32{2}) {
		t.Errorf("ids %v, %v", e, err)
	}
	tk = mustLoad(t, []byte(`{"model": {"vocab": {"a": 0, "b": 1, "ab": 2}, "merges": [["a", "b"]]}}`))
	if e, _ := tk.Encode("ab", engine.Options{}); !reflect.DeepEqual(e.IDs, []uint32{2}) {
		t.Errorf("pair merges: ids %v", e.IDs)
	}
}

func TestEncodeErrors(t *testing.T) {
	tk := mustLoad(t, tinyJSON("", "null", ""))
	if _, err := tk.Encode("a\xffb", engine.Options{}); !errors.Is(err, engine.ErrInvalidUTF8) {
		t.Errorf("invalid UTF-8: %v", err)
	}
	// Interrupted is polled once every few pieces: a long text stops, and a poll comes before its end.
	polls := 0
	stop := func() bool { polls++; return true }
	_, err := tk.Encode(strings.Repeat("a b ", 100), engine.Options{Interrupted: stop})
	if !errors.Is(err, engine.ErrInterrupted) || polls != 1 {
		t.Errorf("interrupted: %v after %d polls, want ErrInterrupted after 1", err, polls)
	}
	_, err = tk.Decode([]uint32{1, 999}, false)
	if !errors.Is(err, engine.ErrUnknownID) || !strings.Contains(err.Error(), "999") {
		t.Errorf("unknown id: %v", err)
	}
}

func TestCharOffsets(t *testing.T) {
	text := "aé😀b"
	got := engine.CharOffsets(text, []engine.Offset{{0, 1}, {1, 3}, {3, 7}, {7, 8}, {0, 0}})
	want := []engine.Offset{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestCharOffsetsOutOfOrder checks offsets that go back, fall inside code points, lie past the end or
// count invalid bytes, against a per-byte count of code points.
func TestCharOffsetsOutOfOrder(t *testing.T) {
	for _, text := range []string{"aé😀b\u4e2dc", "aé😀b\xffc", "plain ascii", "héllo wörld 😀 中文字符 and some more ascii", "a long run of ascii words"} {
		charOf := func(b int) int { // code points that start before b, counting the one b is inside
			n := 0
			for i := range text {
				if i > b {
					break
				}
				n++
			}
			if b >= len(text) {
				return n
			}
			return n - 1
		}
		offs := []engine.Offset{{5, 7}, {2, 4}, {0, 0}, {8, 9}, {7, 20}, {1, 1}, {3, 6}, {-1, 9}, {9, 9}, {6, 6}, {1, 2},
			{0, 17}, {17, 26}, {26, 29}, {29, 44}, {44, 45}, {12, 25}, {25, 60}, {18, 21}, {18, 21}, {18, 19}, {19, 20}}
		got := engine.CharOffsets(text, offs)
		for i, o := range offs {
			want := engine.Offset{max(0, charOf(o.Start)), charOf(o.End)}
			if got[i] != want {
				t.Errorf("%q, offset %v: got %v, want %v", text, o, got[i], want)
			}
		}
		if utf8.ValidString(text) {
			if valid := engine.AppendValidCharOffsets(nil, text, offs); !slices.Equal(valid, got) {
				t.Errorf("%q: AppendValidCharOffsets %v, AppendCharOffsets %v", text, valid, got)
			}
		}
	}
}
