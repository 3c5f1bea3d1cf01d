package engine

import (
	"reflect"
	"strings"
	"testing"
)

func mustDecoder(t *testing.T, js string) decoder {
	t.Helper()
	d, err := loadDecoder(rawJSON(js), "decoder")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The expectations are HF's own decoder tests, plus cases worked out from its code.
func TestDecoders(t *testing.T) {
	cases := []struct {
		json   string
		tokens string // space-separated
		want   string
	}{
		{`{"type": "WordPiece", "prefix": "##", "cleanup": false}`, "##uelo Ara ##új ##o No ##guera", "##uelo Araújo Noguera"},
		// Cleanup runs on each token with its added space, so it never sees " ' " across tokens.
		{`{"type": "WordPiece"}`, "hello , i don ' t know ##s . !", "hello, i don ' t knows.!"},
		{`{"type": "BPEDecoder", "suffix": "</w>"}`, "hel lo</w> wor ld</w>", "hello world"},
		// The last token's suffixes all vanish, even inside it.
		{`{"type": "BPEDecoder"}`, "a</w>b</w>", "ab"},
		{`{"type": "CTC"}`, "<pad> <pad> h e e l l <pad> l o o o <pad>", "hello"},
		{`{"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": true}`,
			"<pad> <pad> h e e l l <pad> l o o o <pad> <pad> | <pad> w o o o r <pad> <pad> l l d <pad>", "hello world"},
	}
	for _, c := range cases {
		parts, err := mustDecoder(t, c.json).decodeChain(strings.Split(c.tokens, " "))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(parts, ""); got != c.want {
			t.Errorf("%s on %q: got %q, want %q", c.json, c.tokens, got, c.want)
		}
	}
}

func TestCTCDecoderPieces(t *testing.T) {
	parts, err := mustDecoder(t, `{"type": "CTC"}`).decodeChain(strings.Split("<pad> <pad> h e e l l <pad> l o o o <pad> <pad> | <pad> w", " "))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"h", "e", "l", "l", "o", " ", "w"}; !reflect.DeepEqual(parts, want) {
		t.Errorf("got %q, want %q", parts, want)
	}
}

// TestCleanupIsSequential checks that the replacements run one after the other, as in HF: removing
// " ' " creates a " 's" that the later replacement then removes.
func TestCleanupIsSequential(t *testing.T) {
	if got := cleanupTokenization("a  ' s"); got != "a's" {
		t.Errorf("got %q", got)
	}
}
