package engine

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

var deferredTexts = []string{
	"Hello world", " leading space", "two  spaces", "trailing ", " ", "x", "é", "日本語 テキスト",
	"a ▁literal▁ marker", "emoji 😀 and\ttab", "mixed é 😀 日 z  ",
}

// TestDeferredAlignMatchesWritten checks that a deferring normalizer writes the text and
// replacement starts of the rewrite, and that materialize then writes the alignments
// prependReplacingByte would.
func TestDeferredAlignMatchesWritten(t *testing.T) {
	for _, prefix := range []string{"▁", "ab", "é"} {
		for _, content := range []string{"▁", "_", "", "12345678"} {
			p := &prependReplaceNormalizer{prefix: prefix, oneByte: ' ', content: content, deferAlign: true}
			for _, text := range deferredTexts {
				written := newNormalizedString(text)
				written.prependReplacingByte(prefix, ' ', content)

				n := newNormalizedString(text)
				if err := p.normalize(&n); err != nil {
					t.Fatal(err)
				}
				if n.deferred == nil || n.normalized != written.normalized {
					t.Fatalf("%q %q %q: deferred %v, text %q, want %q", prefix, content, text, n.deferred != nil, n.normalized, written.normalized)
				}
				var starts []int
				for i := range len(written.normalized) {
					if a := written.align[i]; i >= len(prefix) && text[a.start] == ' ' && (i == len(prefix) || written.align[i-1] != a) {
						starts = append(starts, i)
					}
				}
				if content != "" && !slices.Equal(n.replacedAt, starts) {
					t.Errorf("%q %q %q: replacements at %v, want %v", prefix, content, text, n.replacedAt, starts)
				}
				n.materialize()
				if n.deferred != nil || n.normalized != written.normalized || !reflect.DeepEqual(n.align, written.align) {
					t.Errorf("%q %q %q: materialize gave %q %v, want %q %v", prefix, content, text, n.normalized, n.align, written.normalized, written.align)
				}
			}
		}
	}
}

func TestAppendReplacingByteText(t *testing.T) {
	for _, content := range []string{"", "▁", "12345678"} {
		for _, text := range append(deferredTexts, "", strings.Repeat("ab cdefgh ", 5), "        x", "abcdefgh ") {
			out, replaced := appendReplacingByteText([]byte("pre"), []int{-1}, text, ' ', content)
			if want := "pre" + strings.ReplaceAll(text, " ", content); string(out) != want {
				t.Errorf("%q with %q: got %q, want %q", text, content, out, want)
			}
			want := []int{-1}
			for i, c := range []byte(text) {
				if c == ' ' {
					want = append(want, 3+i+(len(content)-1)*(len(want)-1))
				}
			}
			if !slices.Equal(replaced, want) {
				t.Errorf("%q with %q: replacements at %v, want %v", text, content, replaced, want)
			}
		}
	}
}

// TestDeferredAlignEncodes checks that a tokenizer whose normalizer defers its alignments encodes
// exactly as one that writes them, added tokens (which shift the pieces) included.
func TestDeferredAlignEncodes(t *testing.T) {
	data := reference.TokenizerJSON(t, "mistralai/Mistral-7B-v0.1")
	deferred, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	fromImage := reloadImage(t, deferred)
	for _, tk := range []*Tokenizer{deferred, fromImage} {
		if p, ok := tk.normalizer.(*prependReplaceNormalizer); !ok || !p.deferAlign {
			t.Fatalf("Mistral's normalizer %T does not defer its alignments", tk.normalizer)
		}
	}
	p := deferred.normalizer.(*prependReplaceNormalizer)
	written, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	plain := *p
	plain.deferAlign = false
	written.normalizer = &plain
	for _, text := range append(deferredTexts, "a<s> b</s>c", "<s> x <unk>  ", "ü\u0301 \U0010FFFF", "\U0010FFFF\U0010FFFE",
		" \U0010FFFF ▁ \U0010FFFF", "x\U000E0100 y", "  <s>  ", "▁▁ ▁") {
		for _, special := range []bool{false, true} {
			got, err := deferred.Encode(text, Options{AddSpecialTokens: special})
			if err != nil {
				t.Fatal(err)
			}
			want, err := written.Encode(text, Options{AddSpecialTokens: special})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.IDs, want.IDs) || !reflect.DeepEqual(got.Offsets, want.Offsets) {
				t.Errorf("%q: got %v %v, want %v %v", text, got.IDs, got.Offsets, want.IDs, want.Offsets)
			}
		}
	}
}

// TestReplacementsReach checks the ranges reach gives for normalized ranges that reach a replacement,
// against the written alignments, with a content of several runes that a range can end inside.
func TestReplacementsReach(t *testing.T) {
	p := &prependReplaceNormalizer{prefix: "▁", oneByte: ' ', content: "<sp>", deferAlign: true}
	for _, text := range []string{"a b", "ab  cd e", " x", "x "} {
		written := newNormalizedString(text)
		written.prependReplacingByte(p.prefix, ' ', p.content)
		n := newNormalizedString(text)
		if err := p.normalize(&n); err != nil {
			t.Fatal(err)
		}
		for width := 1; width <= 5; width++ {
			var r replacements
			r.start(&n)
			for start := len(p.prefix); start < len(n.normalized); start += width {
				next := min(start+width, len(n.normalized))
				if r.at >= next {
					continue
				}
				want := span{written.align[start].start, written.align[next-1].end}
				if from, to := r.reach(start, next); (span{from, to}) != want {
					t.Errorf("%q bytes %d-%d: got %v, want %v", text, start, next, span{from, to}, want)
				}
			}
		}
	}
}
