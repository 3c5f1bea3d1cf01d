package engine_test

import (
	"reflect"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// metaspaceJSON is a Unigram tokenizer with the added token <s> and the given Metaspace settings.
func metaspaceJSON(metaspace string) []byte {
	return []byte(`{
  "added_tokens": [{"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": false}],
  "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", ` + metaspace + `},
  "decoder": {"type": "Metaspace", "replacement": "▁", ` + metaspace + `},
  "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0], ["<s>", 0], ["▁Hey▁", -1], ["▁Hey", -1],
    ["how", -1], ["▁how", -1], ["▁", -2], ["Hey", -1]]}
}`)
}

// Expectations of HF's metaspace tests (non_legacy_meta_space), run through the whole pipeline: the
// added token cuts the input first, and "first" prepends only to the piece that starts the input.
func TestMetaspacePrependSchemes(t *testing.T) {
	for _, c := range []struct {
		settings, text string
		tokens         []string
		offsets        []engine.Offset
		decoded        string
	}{
		{`"prepend_scheme": "first", "split": false`, " Hey <s>how",
			[]string{"▁Hey▁", "<s>", "how"}, []engine.Offset{{0, 5}, {5, 8}, {8, 11}}, "Hey<s>how"},
		{`"prepend_scheme": "first", "split": false`, "Hey <s>how",
			[]string{"▁Hey▁", "<s>", "how"}, []engine.Offset{{0, 4}, {4, 7}, {7, 10}}, "Hey<s>how"},
		{`"prepend_scheme": "always", "split": true`, " Hey <s>how",
			[]string{"▁Hey", "▁", "<s>", "▁how"}, []engine.Offset{{0, 4}, {4, 5}, {5, 8}, {8, 11}}, "Hey <s> how"},
		{`"prepend_scheme": "never", "split": true`, " Hey <s>how",
			[]string{"▁Hey", "▁", "<s>", "how"}, []engine.Offset{{0, 4}, {4, 5}, {5, 8}, {8, 11}}, " Hey <s>how"},
		// Legacy fields: add_prefix_space true is "always"; str_rep is ignored; split defaults to true.
		{`"add_prefix_space": true, "str_rep": "▁"`, "Hey <s>how",
			[]string{"▁Hey", "▁", "<s>", "▁how"}, []engine.Offset{{0, 3}, {3, 4}, {4, 7}, {7, 10}}, "Hey <s> how"},
		{`"add_prefix_space": false, "prepend_scheme": "never"`, "Hey",
			[]string{"Hey"}, []engine.Offset{{0, 3}}, "Hey"},
	} {
		tk := mustLoad(t, metaspaceJSON(c.settings))
		e, err := tk.Encode(c.text, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(e.Tokens, c.tokens) || !reflect.DeepEqual(e.Offsets, c.offsets) {
			t.Errorf("%s %q: tokens %q offsets %v, want %q %v", c.settings, c.text, e.Tokens, e.Offsets, c.tokens, c.offsets)
		}
		if d, err := tk.Decode(e.IDs, false); err != nil || d != c.decoded {
			t.Errorf("%s %q: decoded %q (%v), want %q", c.settings, c.text, d, err, c.decoded)
		}
	}
}

func TestMetaspaceLegacyMismatch(t *testing.T) {
	// HF's default scheme is "always", so add_prefix_space=false needs an explicit "never".
	for _, settings := range []string{`"add_prefix_space": false`, `"add_prefix_space": false, "prepend_scheme": "first"`,
		`"prepend_scheme": "sometimes"`} {
		if _, err := engine.Load(metaspaceJSON(settings)); err == nil {
			t.Errorf("%s: loaded", settings)
		}
	}
}
