package hub

import (
	"context"
	"encoding/hex"
	"io"
	"strings"
)

// File is one remote file of a resolved snapshot, with what the hub promises about its bytes.
type File struct {
	Name    string
	Size    int64  // -1 when the hub did not say
	SHA256  string // lower-case hex; "" when unknown
	GitSHA1 string // git blob id (Hugging Face, non-LFS files); "" when unknown
	ETag    string // as the hub sent it, unquoted; recorded for the metadata file
}

// Snapshot is a revision resolved to the files that exist there.
type Snapshot struct {
	Revision string // the revision asked for
	Commit   string // the commit it resolved to; "" when the hub does not tell
	Files    []File // the wanted files that exist, the required one first
}

// Source is one hub. Resolve and Open make single requests wrapped in the Source's retry policy
// (Open only up to the response headers: the caller retries a body cut with the same policy).
type Source interface {
	// Name is the hub's name in messages and in the metadata file ("huggingface", "modelscope").
	Name() string
	// DefaultRevision is the branch used when a reference names none.
	DefaultRevision() string
	// Resolve finds the commit of revision and which of names exist; names[0] is required.
	Resolve(ctx context.Context, repo, revision string, names []string) (Snapshot, error)
	// Open starts one download attempt of a file of a resolved snapshot.
	Open(ctx context.Context, repo string, snap Snapshot, f File) (io.ReadCloser, error)
	// Retry is the policy the Source follows; callers reuse it for retrying cut bodies.
	Retry() Retry
}

// pin is the revision files are fetched at: the commit when known, so that a branch moving mid-download
// cannot mix two versions.
func (s Snapshot) pin() string {
	if s.Commit != "" {
		return s.Commit
	}
	return s.Revision
}

// isHex reports whether s is n lower- or upper-case hex digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// unquoteETag strips a weak prefix and the quotes of an ETag header.
func unquoteETag(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "W/")
	return strings.Trim(v, `"`)
}
