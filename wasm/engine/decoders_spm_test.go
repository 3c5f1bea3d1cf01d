package engine

import (
	"reflect"
	"testing"
)

func decodeWith(t *testing.T, raw string, tokens ...string) []string {
	t.Helper()
	d, err := loadDecoder(rawJSON(raw), "decoder")
	if err != nil {
		t.Fatal(err)
	}
	out, err := d.decodeChain(append([]string(nil), tokens...))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Expectations of HF's decoder tests (byte_fallback.rs, strip.rs, metaspace.rs) and of its Replace.
func TestSentencePieceDecoders(t *testing.T) {
	const byteFallback = `{"type": "ByteFallback"}`
	for _, c := range []struct {
		raw    string
		tokens []string
		want   []string
	}{
		{byteFallback, []string{"Hey", "friend!"}, []string{"Hey", "friend!"}},
		{byteFallback, []string{"<0x61>"}, []string{"a"}},
		{byteFallback, []string{"<0xE5>"}, []string{"\uFFFD"}},
		{byteFallback, []string{"<0xE5>", "<0x8f>"}, []string{"\uFFFD", "\uFFFD"}},
		{byteFallback, []string{"<0xE5>", "<0x8f>", "<0xab>"}, []string{"叫"}},
		{byteFallback, []string{"<0xE5>", "<0x8f>", "<0xab>", "a"}, []string{"叫", "a"}},
		{byteFallback, []string{"<0xE5>", "<0x8f>", "a"}, []string{"\uFFFD", "\uFFFD", "a"}},
		{byteFallback, []string{"<0x+A>", "<0xG1>", "<0x41"}, []string{"\n", "<0xG1>", "<0x41"}},
		{`{"type": "Strip", "content": "H", "start": 1, "stop": 0}`, []string{"Hey", " friend!", "HHH"}, []string{"ey", " friend!", "HH"}},
		{`{"type": "Strip", "content": "y", "start": 0, "stop": 1}`, []string{"Hey", " friend!"}, []string{"He", " friend!"}},
		// HF panics when both ends overlap (" "); an all-stripped token is empty here.
		{`{"type": "Strip", "content": " ", "start": 2, "stop": 2}`, []string{"  a  ", " "}, []string{"a", ""}},
		{`{"type": "Fuse"}`, []string{"a", "b", "c"}, []string{"abc"}},
		{`{"type": "Replace", "pattern": {"String": "▁"}, "content": " "}`, []string{"▁Hey", "▁▁a"}, []string{" Hey", "  a"}},
		{`{"type": "Replace", "pattern": {"Regex": "a+"}, "content": "-"}`, []string{"baaab", "aa"}, []string{"b-b", "-"}},
		{`{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"}`, []string{"▁Hey", "▁friend!"}, []string{"Hey", " friend!"}},
		{`{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never"}`, []string{"▁Hey", "▁friend!"}, []string{" Hey", " friend!"}},
		// Every replacement in the first token goes, not only the leading one.
		{`{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first"}`, []string{"▁a▁b", "▁c"}, []string{"ab", " c"}},
		{`{"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}`,
			[]string{"▁Hello", "<0xE5>", "<0x8f>", "<0xab>", "▁world"}, []string{"Hello叫 world"}},
	} {
		if got := decodeWith(t, c.raw, c.tokens...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q: got %q, want %q", c.raw, c.tokens, got, c.want)
		}
	}
}
