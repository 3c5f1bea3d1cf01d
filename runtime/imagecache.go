package runtime

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zstd"
)

// maxImageBytes caps a cached image when it is read back: an image is a few MiB for the largest vocabularies.
const maxImageBytes = 512 << 20

// imageCache keeps model images on disk across restarts, compressed, named by the sha256 of the guest module
// and of the tokenizer.json they were made from: another guest or another file never finds them. The images
// come from a guest and go back into one, which validates them; the host only stores bytes. A nil cache or
// one without a folder keeps nothing.
type imageCache struct {
	dir   string
	guest [sha256.Size]byte
}

func newImageCache(dir string, guest []byte) *imageCache {
	return &imageCache{dir: dir, guest: sha256.Sum256(guest)}
}

func (c *imageCache) key(tokenizerJSON []byte) string {
	if c == nil {
		return ""
	}
	h := sha256.New()
	h.Write(c.guest[:])
	h.Write(tokenizerJSON)
	return hex.EncodeToString(h.Sum(nil))
}

func (c *imageCache) path(key string) string { return filepath.Join(c.dir, key+".img.zst") }

// get returns the cached image, or nil.
func (c *imageCache) get(key string) []byte {
	if c == nil || c.dir == "" {
		return nil
	}
	f, err := os.Open(c.path(key))
	if err != nil {
		return nil
	}
	defer f.Close()
	dec, err := zstd.NewReader(f, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxImageBytes))
	if err != nil {
		return nil
	}
	defer dec.Close()
	img, err := io.ReadAll(io.LimitReader(dec, maxImageBytes+1))
	if err != nil || len(img) > maxImageBytes {
		return nil
	}
	return img
}

// put stores an image atomically: a reader sees the whole file or none. Failing to cache is not an error:
// the next start parses the JSON again.
func (c *imageCache) put(key string, img []byte) {
	if c == nil || c.dir == "" {
		return
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".img-*")
	if err != nil {
		return
	}
	enc, err := zstd.NewWriter(tmp, zstd.WithEncoderConcurrency(1))
	if err == nil {
		_, err = enc.Write(img)
		err = errors.Join(err, enc.Close())
	}
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), c.path(key))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

func (c *imageCache) remove(key string) {
	if c != nil && c.dir != "" {
		os.Remove(c.path(key))
	}
}
