package engine_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/wasm/engine"
	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// bpeJSON is a tokenizer whose model has n generated vocabulary entries besides a, b and ab.
func bpeJSON(n int, added string) []byte {
	b := []byte(`{"added_tokens": [` + added + `], "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2`)
	for i := range n {
		b = append(b, `,"t`...)
		b = strconv.AppendInt(b, int64(i), 36)
		b = append(b, `":`...)
		b = strconv.AppendInt(b, int64(i+3), 10)
	}
	return append(b, `}, "merges": ["a b"]}}`...)
}

func TestLoadRejectsHostileFiles(t *testing.T) {
	small := engine.DefaultLimits()
	small.MaxVocab = 1000
	small.MaxAddedTokens = 10
	manyAdded := strings.TrimSuffix(strings.Repeat(`{"content": "x"},`, 11), ",")
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	cases := []struct {
		name string
		data []byte
		lim  engine.Limits
		want error // nil: any error naming the problem
		msg  string
	}{
		{"vocabulary over the cap", bpeJSON(1000, ""), small, engine.ErrLimit, "model"},
		{"added tokens over the cap", bpeJSON(0, manyAdded), small, engine.ErrLimit, "added_tokens"},
		{"nesting 100000 deep", []byte(`{"normalizer": ` + deep + `}`), engine.DefaultLimits(), jsonscan.ErrTooDeep, "nested"},
		{"duplicate top-level key", []byte(`{"model": null, "model": null}`), engine.DefaultLimits(), nil, `duplicate field "model"`},
		{"duplicate vocabulary token", []byte(`{"model": {"type": "BPE", "vocab": {"a": 0, "a": 1}, "merges": []}}`), engine.DefaultLimits(), nil, `duplicate token "a"`},
		{"duplicate model field", []byte(`{"model": {"type": "BPE", "vocab": {}, "merges": [], "merges": []}}`), engine.DefaultLimits(), nil, `duplicate field "merges"`},
		{"id over the cap", []byte(`{"model": {"type": "BPE", "vocab": {"a": 5000}, "merges": []}}`), small, nil, "from 0 to 999"},
		{"id over uint32", []byte(`{"model": {"type": "BPE", "vocab": {"a": 4294967296}, "merges": []}}`), engine.DefaultLimits(), nil, "integer from 0 to"},
		{"negative id", []byte(`{"model": {"type": "BPE", "vocab": {"a": -1}, "merges": []}}`), engine.DefaultLimits(), nil, "invalid integer"},
		{"merge token out of vocabulary", []byte(`{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a", "z"]]}}`), engine.DefaultLimits(), nil, `token "z" out of vocabulary`},
		{"merge of three tokens", []byte(`{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a a a"]}}`), engine.DefaultLimits(), nil, "does not split into two tokens"},
		{"lone surrogate", []byte(`{"model": {"type": "BPE", "vocab": {"\ud800": 0}, "merges": []}}`), engine.DefaultLimits(), nil, "surrogate"},
		{"invalid UTF-8", []byte("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"\xff\": 0}, \"merges\": []}}"), engine.DefaultLimits(), nil, "UTF-8"},
		{"trailing data", []byte(`{"model": null} {}`), engine.DefaultLimits(), nil, "after the document"},
		{"file over the size cap", bpeJSON(10, ""), engine.Limits{MaxFileSize: 100, MaxVocab: 10, MaxMerges: 10, MaxAddedTokens: 10, MaxDepth: 10}, engine.ErrLimit, "larger than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := engine.LoadWithLimits(c.data, c.lim)
			if err == nil {
				t.Fatal("accepted")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %v does not wrap %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not mention %q", err, c.msg)
			}
		})
	}
}

func TestLoadAcceptsBothMergeForms(t *testing.T) {
	for _, merges := range []string{`["a b", "ab c"]`, `[["a", "b"], ["ab", "c"]]`, `["#version: 0.2", "a b", "ab c"]`} {
		data := `{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4}, "merges": ` + merges + `}}`
		tk, err := engine.Load([]byte(data))
		if err != nil {
			t.Fatalf("%s: %v", merges, err)
		}
		e, err := tk.Encode("abc", engine.Options{})
		if err != nil || len(e.IDs) != 1 || e.IDs[0] != 4 {
			t.Errorf("%s: encode(abc) = %v, %v; want [4]", merges, e, err)
		}
	}
}

// TestLoadMergesBeforeVocabulary reads a file whose fields come in an unusual order.
func TestLoadMergesBeforeVocabulary(t *testing.T) {
	data := `{"model": {"merges": ["a ##b"], "type": "BPE", "vocab": {"a": 0, "##b": 1, "ab": 2}, "continuing_subword_prefix": "##"}}`
	tk, err := engine.Load([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := tk.TokenToID("ab"); !ok || id != 2 {
		t.Fatalf("TokenToID(ab) = %d, %v", id, ok)
	}
}

func TestLoadDefaultVocabularyCap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50 MB file")
	}
	n := engine.DefaultLimits().MaxVocab
	_, err := engine.Load(bpeJSON(n, ""))
	if !errors.Is(err, engine.ErrLimit) {
		t.Fatalf("%d vocabulary entries: %v, want ErrLimit", n+3, err)
	}
}

// FuzzLoad feeds arbitrary files to Load: it must fail cleanly or give a tokenizer whose image reloads
// into one that encodes the same way.
func FuzzLoad(f *testing.F) {
	f.Add(tinyJSON("", "null", ""))
	f.Add(tinyJSON(`{"id": 9, "content": "<s>", "special": true, "normalized": false}`, "null", `"truncation": null,`))
	f.Add([]byte(`{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": [["a", "b"]], "continuing_subword_prefix": ""}}`))
	f.Add([]byte(`{"model": {"vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tk, err := engine.Load(data)
		if err != nil {
			return
		}
		img, err := tk.MarshalImage()
		if err != nil {
			t.Fatalf("MarshalImage: %v", err)
		}
		back, err := engine.LoadImage(img)
		if err != nil {
			t.Fatalf("LoadImage of a fresh image: %v", err)
		}
		for _, text := range []string{"abc ab", "<s>a", ""} {
			a, errA := tk.Encode(text, engine.Options{AddSpecialTokens: true})
			b, errB := back.Encode(text, engine.Options{AddSpecialTokens: true})
			if (errA == nil) != (errB == nil) || (errA == nil && fmt.Sprint(a.IDs) != fmt.Sprint(b.IDs)) {
				t.Fatalf("encode(%q): %v %v vs from the image %v %v", text, a, errA, b, errB)
			}
		}
	})
}
