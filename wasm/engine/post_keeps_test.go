package engine

import (
	"reflect"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestKeepsSingleInputProof checks which post-processor configurations are proved to leave one input
// without special tokens as it is.
func TestKeepsSingleInputProof(t *testing.T) {
	for _, c := range []struct {
		config string
		want   bool
	}{
		{`{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false}`, true},
		{`{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true}`, false},
		{`{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
		  "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}}`, true},
		{`{"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 1}}], "pair": [], "special_tokens": {}}`, false},
		{`{"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
		  "pair": [], "special_tokens": {}}`, false},
		{`{"type": "Sequence", "processors": [{"type": "ByteLevel", "trim_offsets": false},
		  {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {}}]}`, true},
		{`{"type": "Sequence", "processors": [{"type": "ByteLevel", "trim_offsets": true},
		  {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}}], "pair": [], "special_tokens": {}}]}`, false},
		{`{"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}`, true},
		{`{"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": true}`, false},
		{`{"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": false}`, true},
	} {
		p, err := loadPostProcessor(rawJSON(c.config), "post_processor")
		if err != nil {
			t.Fatalf("%s: %v", c.config, err)
		}
		if got := p.keepsSingleInput(); got != c.want {
			t.Errorf("%s: keepsSingleInput %v, want %v", c.config, got, c.want)
		}
	}
}

// TestKeepsSingleInputMatchesTheChain encodes golden texts with the post-processor skipped and run,
// with and without special tokens, after an image round trip, for every reference tokenizer.
func TestKeepsSingleInputMatchesTheChain(t *testing.T) {
	for _, model := range reference.Tokenizers(t) {
		t.Run(model, func(t *testing.T) {
			loaded, err := Load(reference.TokenizerJSON(t, model))
			if err != nil {
				t.Skipf("%s does not load: %v", model, err)
			}
			tk := reloadImage(t, loaded)
			if tk.keepsSingleInput != loaded.keepsSingleInput {
				t.Fatalf("keepsSingleInput %v after the image round trip, %v before", tk.keepsSingleInput, loaded.keepsSingleInput)
			}
			proved := tk.keepsSingleInput
			records := reference.Golden(t, model)
			for i, r := range records {
				if i >= 200 {
					break
				}
				for _, addSpecial := range []bool{false, true} {
					opts := Options{AddSpecialTokens: addSpecial}
					tk.keepsSingleInput = proved
					fast, err := tk.Encode(r.Text, opts)
					if err != nil {
						t.Fatal(err)
					}
					tk.keepsSingleInput = false
					chain, err := tk.Encode(r.Text, opts)
					if err != nil {
						t.Fatal(err)
					}
					fast.seqRanges, chain.seqRanges = nil, nil
					if !reflect.DeepEqual(fast, chain) {
						t.Fatalf("record %d (add_special_tokens=%v): skipping the post-processor gives %+v, running it %+v",
							r.ID, addSpecial, fast, chain)
					}
				}
			}
		})
	}
}
