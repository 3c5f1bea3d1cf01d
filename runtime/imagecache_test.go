package runtime

import (
	"bytes"
	"os"
	"testing"
)

// TestImageCacheRefusesAFlippedByte guards the images' integrity, which the cache's checksum carries: an
// image has none of its own, since the guest uses its tables in place.
func TestImageCacheRefusesAFlippedByte(t *testing.T) {
	c := newImageCache(t.TempDir(), []byte("guest"))
	img := bytes.Repeat([]byte("image bytes "), 1000)
	key := c.key([]byte("tokenizer.json"))
	c.put(key, img)
	if got := c.get(key); !bytes.Equal(got, img) {
		t.Fatalf("read back %d bytes, want the %d stored", len(got), len(img))
	}
	stored, err := os.ReadFile(c.path(key))
	if err != nil {
		t.Fatal(err)
	}
	for i := range stored {
		flipped := bytes.Clone(stored)
		flipped[i] ^= 0x01
		if err := os.WriteFile(c.path(key), flipped, 0o600); err != nil {
			t.Fatal(err)
		}
		if got := c.get(key); got != nil && !bytes.Equal(got, img) {
			t.Fatalf("byte %d of %d flipped: read back a different image", i, len(stored))
		}
	}
}
