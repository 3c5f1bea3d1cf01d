package runtime

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
)

// maxImageBytes caps a cached image when it is read back: an image is a few MiB for the largest vocabularies.
const maxImageBytes = 512 << 20

// imageCache keeps model images on disk across restarts, named by the sha256 of the tokenizer guest and of the
// tokenizer.json they were made from: another guest or another file never finds them. The images come from a
// guest and go back into one, which validates their structure; the host only stores bytes, followed by their
// CRC-32C, since a flipped byte in a token's text would pass the guest's checks. They are not compressed: zstd
// halved Qwen3's 8.6 MB image but took 18 ms of every start to decompress, against 3 ms to read it. A nil
// cache or one without a folder keeps nothing.
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

func (c *imageCache) path(key string) string { return filepath.Join(c.dir, key+".img") }

// get returns the cached image, or nil.
func (c *imageCache) get(key string) []byte {
	if c == nil || c.dir == "" {
		return nil
	}
	if st, err := os.Stat(c.path(key)); err != nil || st.Size() > maxImageBytes {
		return nil
	}
	stored, err := os.ReadFile(c.path(key))
	if err != nil || len(stored) < crc32.Size || len(stored) > maxImageBytes {
		return nil
	}
	img, sum := stored[:len(stored)-crc32.Size], stored[len(stored)-crc32.Size:]
	if binary.LittleEndian.Uint32(sum) != crc32.Checksum(img, castagnoli) {
		return nil
	}
	return img
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

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
	_, err = tmp.Write(img)
	if err == nil {
		_, err = tmp.Write(binary.LittleEndian.AppendUint32(nil, crc32.Checksum(img, castagnoli)))
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
