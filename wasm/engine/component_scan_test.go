package engine

import (
	"errors"
	"strings"
	"testing"
)

// The scanned components keep encoding/json's meaning for their fields: null leaves a default, an
// unknown key is skipped, the last of two equal keys wins.
func TestComponentFieldsNullUnknownRepeated(t *testing.T) {
	cases := []struct {
		json, in, want string
	}{
		// Defaults all on: null keeps them, and strip_accents null follows lowercase.
		{`{"type": "BertNormalizer", "clean_text": null, "handle_chinese_chars": null, "lowercase": null, "strip_accents": null, "x": [1, {"y": 2}]}`, "Ça\tVA\u00a0!", "ca va !"},
		{`{"type": "BertNormalizer", "lowercase": true, "lowercase": false, "strip_accents": true, "clean_text": false}`, "Héllò", "Hello"},
		{`{"unknown": {"type": "NFD"}, "type": "Prepend", "prepend": "▁", "prepend": "_"}`, "ab", "_ab"},
		{`{"type": "Replace", "pattern": {"Regex": null, "String": " "}, "content": "▁"}`, "a b", "a▁b"},
	}
	for _, c := range cases {
		if got := normalizeString(t, mustNormalizer(t, c.json), c.in).get(); got != c.want {
			t.Errorf("%s on %q: got %q, want %q", c.json, c.in, got, c.want)
		}
	}
	parts, err := mustDecoder(t, `{"type": "WordPiece", "prefix": null, "cleanup": null}`).decodeChain([]string{"know", "##s", "."})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(parts, ""); got != "knows." {
		t.Errorf("WordPiece with null fields: got %q, want %q (defaults ## and cleanup)", got, "knows.")
	}
}

func TestComponentErrors(t *testing.T) {
	cases := []struct {
		load func(rawJSON, string) error
		json string
		want string // in the error
	}{
		{loadN, `{"prepend": "x"}`, `missing "type"`},
		{loadN, `{"type": null}`, `missing "type"`},
		{loadN, `{"type": 3}`, "expected a string"},
		{loadN, `["NFC"]`, "normalizer"},
		{loadN, `{"type": "Sequence", "normalizers": {"type": "NFC"}}`, "normalizer"},
		{loadN, `{"type": "Sequence", "normalizers": [null]}`, "normalizers[0]"},
		{loadN, `{"type": "BertNormalizer", "lowercase": "yes"}`, "normalizer"},
		{loadN, `{"type": "Replace", "pattern": {}, "content": "x"}`, "neither String nor Regex"},
		{loadD, `{"type": "Strip", "content": "ab", "start": 1, "stop": 0}`, "one character"},
		{loadD, `{"type": "Strip", "content": " ", "start": -1, "stop": 0}`, "decoder"},
		{loadP, `{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}], "pair": [], "special_tokens": {}}`, `missing special token "<s>"`},
		{loadP, `{"type": "TemplateProcessing", "single": [{"Sequence": null}], "pair": [], "special_tokens": {}}`, "neither Sequence nor SpecialToken"},
		{loadP, `{"type": "TemplateProcessing", "single": [], "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1, 2], "tokens": ["<s>"]}}}`, "same length"},
		{loadP, `{"type": "TemplateProcessing", "single": [], "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [4294967296], "tokens": ["<s>"]}}}`, "post_processor"},
	}
	for _, c := range cases {
		err := c.load(rawJSON(c.json), "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.json, err, c.want)
		}
	}
}

func loadN(raw rawJSON, _ string) error {
	_, err := loadNormalizer(raw, "normalizer")
	return err
}

func loadD(raw rawJSON, _ string) error {
	_, err := loadDecoder(raw, "decoder")
	return err
}

func loadP(raw rawJSON, _ string) error {
	_, err := loadPostProcessor(raw, "post_processor")
	return err
}

// A repeated special_tokens adds to the map, as encoding/json does; null empties it.
func TestTemplateSpecialTokensRepeated(t *testing.T) {
	js := `{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
		"pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}, "special_tokens": {"</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}}`
	p, err := loadPostProcessor(rawJSON(js), "post_processor")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.addedTokens(false); got != 2 {
		t.Errorf("added tokens: got %d, want 2", got)
	}
	_, err = loadPostProcessor(rawJSON(strings.Replace(js, `"special_tokens": {"</s>"`, `"special_tokens": null, "special_tokens": {"</s>"`, 1)), "post_processor")
	if err == nil || !strings.Contains(err.Error(), `missing special token "<s>"`) {
		t.Errorf("special_tokens emptied by null: got %v", err)
	}
	if errors.Is(err, ErrBadImage) {
		t.Error("a component error is no image error")
	}
}
