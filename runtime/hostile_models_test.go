package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHostileModelsGetClearErrors loads hostile tokenizer files and sends hostile inputs into the sandbox;
// each gets a clear error within the deadline, and another model on the same host keeps serving.
func TestHostileModelsGetClearErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds files of up to 150 MB; run without -short")
	}
	ctx := context.Background()
	// The default call timeout: each hostile input must meet its own limit (vocabulary, nesting, regex steps,
	// text size) and get that limit's error, which takes up to a few seconds on a loaded machine; the
	// deadline itself has its own case below.
	h, err := NewHost(ctx, Config{PoolSize: 1, MemoryLimitMiB: 1024})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	good, err := h.Load(ctx, "gpt2", referenceFiles(t, "openai-community/gpt2"))
	if err != nil {
		t.Fatal(err)
	}
	stillServes := func(t *testing.T) {
		t.Helper()
		got, err := good.Encode(ctx, []string{"Hello world"}, EncodeOptions{})
		if err != nil || fmt.Sprint(got[0].IDs) != "[15496 995]" {
			t.Fatalf("the other model: %v, %v", got, err)
		}
	}

	bpe := func(vocab, merges, extra string) []byte {
		return []byte(`{"added_tokens": [` + extra + `], "model": {"type": "BPE", "vocab": {` + vocab + `}, "merges": [` + merges + `]}}`)
	}
	var vocab10M strings.Builder
	for i := range 10_000_000 {
		if i > 0 {
			vocab10M.WriteByte(',')
		}
		fmt.Fprintf(&vocab10M, `"t%d":%d`, i, i)
	}
	var added100k strings.Builder
	for i := range 100_000 {
		if i > 0 {
			added100k.WriteByte(',')
		}
		fmt.Fprintf(&added100k, `{"id":%d,"content":"<x%d>","special":true}`, i+2, i)
	}
	models := map[string][]byte{
		"10 million vocabulary entries": bpe(vocab10M.String(), "", ""),
		"100 000 added tokens":          bpe(`"a":0,"b":1`, "", added100k.String()),
		"nesting 100 000 deep":          []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)),
		"not JSON":                      []byte("\x00\xff{"),
	}
	for name, doc := range models {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := h.Load(ctx, name, Files{TokenizerJSON: doc})
			if !errors.Is(err, ErrBadModel) {
				t.Fatalf("err = %v, want ErrBadModel", err)
			}
			t.Logf("refused in %v: %v", time.Since(start).Round(time.Millisecond), err)
			stillServes(t)
		})
	}

	t.Run("catastrophically backtracking Split regex", func(t *testing.T) {
		doc := []byte(`{"pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(a+)+$"}, "behavior": "Isolated", "invert": false},
			"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []}}`)
		m, err := h.Load(ctx, "backtracking", Files{TokenizerJSON: doc})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close(ctx)
		if _, err := m.Encode(ctx, []string{strings.Repeat("a", 20_000) + "b"}, EncodeOptions{}); !errors.Is(err, ErrBadInput) {
			t.Fatalf("err = %v, want the regex budget as ErrBadInput", err)
		}
		stillServes(t)
	})

	t.Run("64 MiB text", func(t *testing.T) {
		_, err := good.Encode(ctx, []string{strings.Repeat("lorem ipsum dolor sit amet ", 64<<20/27)}, EncodeOptions{})
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
		stillServes(t)
	})

	t.Run("a text past its deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		_, err := good.Encode(ctx, []string{strings.Repeat("lorem ipsum dolor sit amet ", 8<<20/27)}, EncodeOptions{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the deadline", err)
		}
		if s := good.Stats(); s.Abandoned != 0 {
			t.Fatalf("the guest ignored the cancel: %+v", s)
		}
		stillServes(t)
	})
}
