package engine

import (
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// BenchmarkEncodeStages runs the encode pipeline over the bench corpus cut off after each stage, so that
// the cost of a stage is the difference between two neighbours. Run it natively and as wasm (see
// BenchmarkEncode) to see which stage suffers most inside the sandbox.
func BenchmarkEncodeStages(b *testing.B) {
	data, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var reused Encoding // for EncodeInto, as a guest serving one call after the other would keep it
	var chars []Offset  // likewise for AppendCharOffsets
	var spare []split
	var wordTokens []token // one word's tokens, for the byte-level stages
	stages := []struct {
		name string
		run  func(t *Tokenizer, line string) error
	}{
		{"1-validate", func(t *Tokenizer, line string) error {
			_ = utf8.ValidString(line)
			return nil
		}},
		{"2-normalize", func(t *Tokenizer, line string) error {
			return t.added.extractAndNormalize(t.normalizer, &t.scratch, line)
		}},
		{"3-pretokenize", func(t *Tokenizer, line string) error {
			if err := t.added.extractAndNormalize(t.normalizer, &t.scratch, line); err != nil {
				return err
			}
			if t.preTokenizer == nil {
				return nil
			}
			return t.preTokenizer.preTokenize(&t.scratch)
		}},
		{"4-model", func(t *Tokenizer, line string) error {
			if err := t.added.extractAndNormalize(t.normalizer, &t.scratch, line); err != nil {
				return err
			}
			if t.preTokenizer != nil {
				if err := t.preTokenizer.preTokenize(&t.scratch); err != nil {
					return err
				}
			}
			return t.scratch.tokenize(t.model, nil)
		}},
		{"4b-model-twice", func(t *Tokenizer, line string) error {
			// The second pass over the same pieces hits the word cache only: 4b minus 4 is the
			// cost of the cached path, 4 minus 3 minus that the cost of merging.
			if err := t.added.extractAndNormalize(t.normalizer, &t.scratch, line); err != nil {
				return err
			}
			if t.preTokenizer != nil {
				if err := t.preTokenizer.preTokenize(&t.scratch); err != nil {
					return err
				}
			}
			saved := append(spare[:0], t.scratch.splits...)
			if err := t.scratch.tokenize(t.model, nil); err != nil {
				return err
			}
			spare = append(t.scratch.splits[:0], saved...)
			t.scratch.splits, t.scratch.tokens = saved, t.scratch.tokens[:0]
			return t.scratch.tokenize(t.model, nil)
		}},
		{"3c-bytelevel-regex", func(t *Tokenizer, line string) error {
			return byteLevelStages(t, line, false, &wordTokens)
		}},
		{"4c-bytelevel-model", func(t *Tokenizer, line string) error {
			return byteLevelStages(t, line, true, &wordTokens)
		}},
		{"5-encoding", func(t *Tokenizer, line string) error {
			err := t.encodeSequence(&t.pair, line, 0, &Options{})
			return err
		}},
		{"6-encode", func(t *Tokenizer, line string) error {
			_, err := t.Encode(line, Options{})
			return err
		}},
		{"7-charoffsets", func(t *Tokenizer, line string) error {
			e, err := t.Encode(line, Options{})
			if err == nil {
				_ = CharOffsets(line, e.Offsets)
			}
			return err
		}},
		{"8-reused", func(t *Tokenizer, line string) error {
			err := t.EncodeInto(&reused, line, Options{})
			if err == nil {
				chars = AppendCharOffsets(chars[:0], line, reused.Offsets)
			}
			return err
		}},
	}
	for _, model := range []string{"Qwen/Qwen3", "openai-community/gpt2", "meta-llama/Meta-Llama-3-8B-Instruct",
		"google-bert/bert-base-uncased", "mistralai/Mistral-7B-v0.1"} {
		t, err := Load(reference.TokenizerJSON(b, model))
		if err != nil {
			b.Fatal(err)
		}
		for _, st := range stages {
			b.Run(model+"/"+st.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					for i, line := range lines {
						if err := st.run(t, line); err != nil {
							b.Fatal(err)
						}
						if i%256 == 0 {
							runtime.Gosched() // lets a GC cycle end inside wasm, as the guest does per call
						}
					}
				}
			})
		}
	}
}

// byteLevelStages runs the byte-level shortcut up to the regex, or up to the model without building
// the encoding.
func byteLevelStages(t *Tokenizer, line string, model bool, words *[]token) error {
	p := &t.scratch
	if err := t.added.extractAndNormalize(t.normalizer, p, line); err != nil {
		return err
	}
	b := t.byteLevel
	if b == nil || !b.applies(p) {
		return nil
	}
	for i := range p.splits {
		s := &p.splits[i]
		if s.tokenized {
			continue
		}
		found, err := b.split.re.FindAllIndex(s.norm.normalized, b.found[:0])
		if err != nil {
			return err
		}
		b.found = found
		if !model {
			continue
		}
		prev := 0
		for _, m := range found {
			if prev < m[0] {
				if *words, err = b.model.tokenizeRaw(s.norm.normalized[prev:m[0]], (*words)[:0]); err != nil {
					return err
				}
			}
			if *words, err = b.model.tokenizeRaw(s.norm.normalized[m[0]:m[1]], (*words)[:0]); err != nil {
				return err
			}
			prev = m[1]
		}
	}
	return nil
}
