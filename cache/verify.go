package cache

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"github.com/tokenizerd/tokenizerd/cache/hub"
)

// copyVerified streams src into dst and checks the bytes against what the hub promised: the size, the
// sha256 (LFS files, ModelScope) and the git blob id (regular Hugging Face files). It returns the size and
// the sha256 of what was written. A short body is a temporary network failure; wrong bytes are ErrChecksum,
// retried too, since a proxy or CDN may have mangled one response.
func copyVerified(dst io.Writer, src io.Reader, f hub.File, maxSize int64, progress io.Writer) (int64, string, error) {
	sha := sha256.New()
	writers := []io.Writer{dst, sha, progress}
	var git hash.Hash
	if f.GitSHA1 != "" && f.Size >= 0 {
		git = sha1.New()
		fmt.Fprintf(git, "blob %d\x00", f.Size) // git hashes the object header with the content
		writers = append(writers, git)
	}
	n, err := io.Copy(io.MultiWriter(writers...), io.LimitReader(src, maxSize+1))
	if err != nil {
		return n, "", err
	}
	switch {
	case n > maxSize:
		return n, "", fmt.Errorf("%s: more than %d bytes: %w", f.Name, maxSize, ErrTooLarge)
	case f.Size >= 0 && n < f.Size:
		return n, "", hub.Retryable(fmt.Errorf("%s: connection closed after %d of %d bytes: %w", f.Name, n, f.Size, ErrNetwork), 0)
	case f.Size >= 0 && n != f.Size:
		return n, "", hub.Retryable(fmt.Errorf("%s: %d bytes received, %d expected: %w", f.Name, n, f.Size, ErrChecksum), 0)
	}
	sum := hex.EncodeToString(sha.Sum(nil))
	if f.SHA256 != "" && sum != f.SHA256 {
		return n, "", hub.Retryable(fmt.Errorf("%s: sha256 %s, expected %s: %w", f.Name, sum, f.SHA256, ErrChecksum), 0)
	}
	if git != nil {
		if got := hex.EncodeToString(git.Sum(nil)); got != f.GitSHA1 {
			return n, "", hub.Retryable(fmt.Errorf("%s: git blob id %s, expected %s: %w", f.Name, got, f.GitSHA1, ErrChecksum), 0)
		}
	}
	return n, sum, nil
}
