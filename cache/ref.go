package cache

import (
	"fmt"
	"strings"
)

const (
	maxNameSegment  = 96  // Hugging Face's limit for an organisation or repository name
	maxRevisionSize = 255 // a git ref name
)

// ParseRef validates an untrusted "org/name[@revision]" before any path or URL is built from it.
// revision is "" when the reference names none.
func ParseRef(ref string) (id, revision string, err error) {
	id, revision, hasRevision := strings.Cut(ref, "@")
	org, name, ok := strings.Cut(id, "/")
	if !ok || !validSegment(org) || !validSegment(name) {
		return "", "", fmt.Errorf("%q: a model is named org/name with letters, digits, '-', '_' and '.': %w", ref, ErrInvalidName)
	}
	if hasRevision && !validRevision(revision) {
		return "", "", fmt.Errorf("%q: invalid revision after '@': %w", ref, ErrInvalidName)
	}
	return id, revision, nil
}

// validSegment follows the hub's rule for a name: word characters, '-' and '.', starting and ending with a
// letter, digit or '_', with no ".." or "--". That leaves no room for "..", separators or NUL.
func validSegment(s string) bool {
	if s == "" || len(s) > maxNameSegment || strings.Contains(s, "..") || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isWordByte(c) && (c != '-' && c != '.' || i == 0 || i == len(s)-1) {
			return false
		}
	}
	return true
}

// validRevision accepts branch, tag and commit names such as "main", "v1.0" or "refs/pr/1". A revision
// only ever goes into URLs (escaped) and the metadata file, never into a path; it is checked all the same.
func validRevision(s string) bool {
	if s == "" || len(s) > maxRevisionSize || strings.Contains(s, "..") || strings.Contains(s, "//") ||
		s[0] == '/' || s[0] == '-' || s[len(s)-1] == '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isWordByte(c) && c != '-' && c != '.' && c != '/' {
			return false
		}
	}
	return true
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}
