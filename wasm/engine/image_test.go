package engine_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/wasm/engine"
)

// TestImageRoundTrip reloads every supported reference tokenizer from its image and checks the golden
// records against the reloaded one; the reloaded tokenizer's own image must be the same bytes.
func TestImageRoundTrip(t *testing.T) {
	for _, model := range reference.Tokenizers(t) {
		t.Run(model, func(t *testing.T) {
			orig := loadReference(t, model)
			img, err := orig.MarshalImage()
			if err != nil {
				t.Fatal(err)
			}
			tk, err := engine.LoadImage(img)
			if err != nil {
				t.Fatal(err)
			}
			again, err := tk.MarshalImage()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(img, again) {
				t.Errorf("the image of the reloaded tokenizer differs (%d vs %d bytes)", len(again), len(img))
			}
			if tk.VocabSize() != orig.VocabSize() {
				t.Errorf("VocabSize %d, want %d", tk.VocabSize(), orig.VocabSize())
			}
			bad := 0
			for _, r := range reference.Golden(t, model) {
				got, err := tk.Encode(r.Text, engine.Options{AddSpecialTokens: r.AddSpecialTokens})
				if err == nil {
					err = compareRecord(tk, r, got, r.Text, "")
				}
				if err != nil {
					if bad++; bad <= 5 {
						t.Errorf("record %d (add_special_tokens=%v): %v", r.ID, r.AddSpecialTokens, err)
					}
				}
			}
			for _, r := range reference.GoldenPairs(t, model) {
				got, err := tk.EncodePair(r.Text, *r.Pair, engine.Options{AddSpecialTokens: r.AddSpecialTokens})
				if err == nil {
					err = compareRecord(tk, r, got, r.Text, *r.Pair)
				}
				if err != nil {
					if bad++; bad <= 5 {
						t.Errorf("pair record %d: %v", r.ID, err)
					}
				}
			}
		})
	}
}

func tinyImage(t *testing.T) []byte {
	t.Helper()
	added := `{"id": 9, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": true, "normalized": false, "special": true}`
	img, err := mustLoad(t, tinyJSON(added, "null", "")).MarshalImage()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestImageKeepsAddedTokens(t *testing.T) {
	tk, err := engine.LoadImage(tinyImage(t))
	if err != nil {
		t.Fatal(err)
	}
	e, err := tk.Encode("ab<s>  c", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// "<s>" is special and strips the spaces on its right.
	want := []uint32{4, 9, 3}
	if len(e.IDs) != len(want) || e.IDs[0] != want[0] || e.IDs[1] != want[1] || e.IDs[2] != want[2] {
		t.Errorf("ids %v, want %v", e.IDs, want)
	}
	if d, _ := tk.Decode(e.IDs, true); d != "ab c" {
		t.Errorf("decode skipping special tokens = %q", d)
	}
}

func TestImageRejectsCorruption(t *testing.T) {
	img := tinyImage(t)
	for n := 0; n < len(img); n += max(1, len(img)/40) {
		if _, err := engine.LoadImage(img[:n]); !errors.Is(err, engine.ErrBadImage) {
			t.Errorf("truncated to %d of %d bytes: %v, want ErrBadImage", n, len(img), err)
		}
	}
	// The image has no checksum (its store keeps one): a flipped byte must never panic, and one in the
	// header is refused.
	for i := 0; i < len(img); i++ {
		flipped := bytes.Clone(img)
		flipped[i] ^= 0x10
		_, err := engine.LoadImage(flipped)
		if err == nil && i < 16 {
			t.Errorf("header byte %d flipped: accepted", i)
		}
	}
	future := bytes.Clone(img)
	future[8]++ // the version follows the 8-byte magic
	if _, err := engine.LoadImage(future); !errors.Is(err, engine.ErrImageVersion) {
		t.Errorf("other version: %v, want ErrImageVersion", err)
	}
	if _, err := engine.LoadImage(tinyJSON("", "null", "")); !errors.Is(err, engine.ErrBadImage) {
		t.Errorf("a tokenizer.json given as an image: %v, want ErrBadImage", err)
	}
	if _, err := engine.LoadImage(append(bytes.Clone(img), 0)); !errors.Is(err, engine.ErrBadImage) {
		t.Errorf("trailing byte: %v, want ErrBadImage", err)
	}
}

// TestLoadForImageMakesTheSameImage checks that a tokenizer loaded without its shortcut proofs marshals the
// image a fully loaded one does: the proofs are made for the image instead.
func TestLoadForImageMakesTheSameImage(t *testing.T) {
	for _, model := range []string{"Qwen/Qwen3", "mistralai/Mistral-7B-v0.1", "google/gemma-3", "google-bert/bert-base-uncased"} {
		data := reference.TokenizerJSON(t, model)
		full, err := engine.Load(data)
		if err != nil {
			t.Fatal(err)
		}
		quick, err := engine.LoadForImage(data)
		if err != nil {
			t.Fatal(err)
		}
		want, err := full.MarshalImage()
		if err != nil {
			t.Fatal(err)
		}
		got, err := quick.MarshalImage()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the image of LoadForImage differs from Load's (%d and %d bytes)", model, len(got), len(want))
		}
	}
}
