package runtime

import (
	"context"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// TestInProcessModeMatchesGolden runs the same handler natively: the opt-in fast path must give the
// sandbox's answers.
func TestInProcessModeMatchesGolden(t *testing.T) {
	ctx := context.Background()
	h, err := NewHost(ctx, Config{InProcess: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	for _, name := range []string{"Qwen/Qwen3", "google-bert/bert-base-uncased", "google-t5/t5-small"} {
		m, err := h.Load(ctx, name, referenceFiles(t, name))
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		var want []reference.Record
		for _, r := range reference.Golden(t, name) {
			if r.AddSpecialTokens {
				texts, want = append(texts, r.Text), append(want, r)
			}
		}
		got, err := m.Encode(ctx, texts, EncodeOptions{AddSpecialTokens: true, Offsets: true, CharOffsets: true, Tokens: true, Masks: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range want {
			if d := diffEncoding(got[i], r); d != "" {
				t.Fatalf("%s record %d: %s", name, r.ID, d)
			}
		}
		checkDecodes(t, m, want)
		m.Close(ctx)
	}
}
