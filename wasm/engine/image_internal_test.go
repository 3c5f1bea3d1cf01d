package engine

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"
)

const imageTestJSON = `{"version": "1.0",
  "added_tokens": [{"id": 7, "content": "[X]", "special": true, "normalized": false}],
  "normalizer": {"type": "NFC"},
  "pre_tokenizer": {"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false},
  "post_processor": null, "decoder": null,
  "model": {"type": "BPE", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1, "b": 2, "c": 3, "ab": 4, "abc": 5, "bc": 6},
    "merges": ["a b", "ab c", "b c"]}}`

// withHeader wraps a body in a valid image header, checksum included, so that tests reach the decoder.
func withHeader(body []byte) []byte {
	img := append([]byte(imageMagic), make([]byte, 12)...)
	binary.LittleEndian.PutUint32(img[8:], ImageVersion)
	binary.LittleEndian.PutUint32(img[12:], crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)))
	binary.LittleEndian.PutUint32(img[16:], uint32(len(body)))
	return append(img, body...)
}

func imageTestTokenizer(t testing.TB) *Tokenizer {
	tk, err := Load([]byte(imageTestJSON))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// jsonOnlyModel hides the binary form of a model, as for a model type that has none yet.
type jsonOnlyModel struct{ model }

// TestImageJSONModelFallback stores the model section as JSON, the path of models without a binary form.
func TestImageJSONModelFallback(t *testing.T) {
	tk := imageTestTokenizer(t)
	raw, err := scanTokenizer([]byte(imageTestJSON), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	tk.model = jsonOnlyModel{tk.model}
	tk.source = keepSource(raw, tk.model)
	img, err := tk.MarshalImage()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadImage(img)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := back.model.(*bpeModel); !ok {
		t.Fatalf("model %T, want the BPE model rebuilt from its JSON", back.model)
	}
	e, err := back.Encode("abc [X]bca", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{5, 7, 6, 1}
	if len(e.IDs) != len(want) || e.IDs[0] != 5 || e.IDs[1] != 7 || e.IDs[2] != 6 || e.IDs[3] != 1 {
		t.Errorf("ids %v, want %v", e.IDs, want)
	}
}

// TestImageRejectsBadIDs feeds well-formed images whose tables point outside the vocabulary.
func TestImageRejectsBadIDs(t *testing.T) {
	tk := imageTestTokenizer(t)
	img, err := tk.MarshalImage()
	if err != nil {
		t.Fatal(err)
	}
	body := img[imageHeaderSize:]
	// The last merge is left, right and merged id (u32 each), before the segments: point each out of range.
	end := len(body) - len(appendSegmentsImage(nil, tk.model.(*bpeModel).segments))
	for _, off := range []int{end - 4, end - 8, end - 12} {
		bad := append([]byte(nil), body...)
		binary.LittleEndian.PutUint32(bad[off:], 1000)
		if _, err := LoadImage(withHeader(bad)); !errors.Is(err, ErrBadImage) {
			t.Errorf("id out of range at body offset %d: %v, want ErrBadImage", off, err)
		}
	}
}

// FuzzLoadImage mutates image bodies behind a valid header and checksum: LoadImage must return a
// tokenizer or an error, never panic, and a tokenizer it returns must encode without panicking.
func FuzzLoadImage(f *testing.F) {
	img, err := imageTestTokenizer(f).MarshalImage()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img[imageHeaderSize:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		tk, err := LoadImage(withHeader(body))
		if err != nil {
			if !errors.Is(err, ErrBadImage) {
				t.Fatalf("error without ErrBadImage: %v", err)
			}
			return
		}
		for _, text := range []string{"abc [X] cab", "x", ""} {
			e, err := tk.Encode(text, Options{AddSpecialTokens: true})
			if err != nil {
				continue
			}
			if _, err := tk.Decode(e.IDs, false); err != nil && !errors.Is(err, ErrUnknownID) {
				t.Fatalf("decode: %v", err)
			}
		}
	})
}
