package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// HuggingFace is the Hugging Face Hub (or a mirror speaking its protocol, via HF_ENDPOINT).
type HuggingFace struct {
	Endpoint    string // e.g. https://huggingface.co, no trailing slash needed
	Token       string // sent as a Bearer token; never logged
	TokenSource string // where Token came from ("HF_TOKEN", …), named in errors instead of the value
	Transport   *Transport
	Policy      Retry
}

func (h *HuggingFace) Name() string            { return "huggingface" }
func (h *HuggingFace) DefaultRevision() string { return "main" }
func (h *HuggingFace) Retry() Retry            { return h.Policy }

// Resolve asks for the metadata of names[0] at revision (which fixes the commit), then of every other
// name at that commit, as huggingface_hub does: a HEAD that does not follow the LFS redirect.
func (h *HuggingFace) Resolve(ctx context.Context, repo, revision string, names []string) (Snapshot, error) {
	snap := Snapshot{Revision: revision}
	for i, name := range names {
		rev := revision
		if snap.Commit != "" {
			rev = snap.Commit
		}
		f, commit, err := h.head(ctx, repo, rev, name)
		if i > 0 && errors.Is(err, ErrEntryNotFound) {
			continue
		}
		if err != nil {
			return Snapshot{}, err
		}
		if i == 0 {
			snap.Commit = commit
		}
		snap.Files = append(snap.Files, f)
	}
	return snap, nil
}

// head fetches one file's metadata with retries, following only same-host redirects (a renamed repo).
func (h *HuggingFace) head(ctx context.Context, repo, rev, name string) (File, string, error) {
	var f File
	var commit string
	err := h.Policy.Do(ctx, func(ctx context.Context) error {
		target := h.resolveURL(repo, rev, name)
		for range maxRedirects {
			req, err := http.NewRequest(http.MethodHead, target, nil)
			if err != nil {
				return err
			}
			h.authorize(req)
			req.Header.Set("Accept-Encoding", "identity") // the size must be the file's, not a compressed one
			resp, err := h.Transport.send(ctx, req, false)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); isRedirect(resp.StatusCode) && loc != "" {
				next, err := req.URL.Parse(loc)
				if err != nil {
					return fmt.Errorf("%s %s: bad redirect: %w", repo, name, ErrNetwork)
				}
				if next.Host == req.URL.Host {
					target = next.String()
					continue
				}
				// A redirect to another host is the LFS/xet storage: its headers are the metadata.
			} else if resp.StatusCode != http.StatusOK {
				return h.error(resp, repo, rev, name)
			}
			f, commit = h.fileFromHeaders(name, resp.Header)
			if commit == "" && isHex(rev, 40) {
				commit = rev
			}
			return nil
		}
		return fmt.Errorf("%s %s: too many redirects: %w", repo, name, ErrNetwork)
	})
	return f, commit, err
}

func (h *HuggingFace) fileFromHeaders(name string, hd http.Header) (File, string) {
	f := File{Name: name, Size: -1}
	f.ETag = unquoteETag(hd.Get("X-Linked-Etag"))
	if f.ETag == "" {
		f.ETag = unquoteETag(hd.Get("ETag"))
	}
	switch etag := strings.ToLower(f.ETag); {
	case isHex(etag, 64):
		f.SHA256 = etag // LFS: the etag is the sha256 of the content
	case isHex(etag, 40):
		f.GitSHA1 = etag // a regular git file: the etag is its blob id
	}
	size := hd.Get("X-Linked-Size")
	if size == "" {
		size = hd.Get("Content-Length")
	}
	if n, err := strconv.ParseInt(size, 10, 64); err == nil && n >= 0 {
		f.Size = n
	}
	return f, hd.Get("X-Repo-Commit")
}

// Open downloads a file at the snapshot's commit, following the redirect to LFS storage without the token.
func (h *HuggingFace) Open(ctx context.Context, repo string, snap Snapshot, f File) (io.ReadCloser, error) {
	req, err := http.NewRequest(http.MethodGet, h.resolveURL(repo, snap.pin(), f.Name), nil)
	if err != nil {
		return nil, err
	}
	h.authorize(req)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := h.Transport.send(ctx, req, true)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, h.error(resp, repo, snap.pin(), f.Name)
	}
	return resp.Body, nil
}

func (h *HuggingFace) resolveURL(repo, rev, name string) string {
	return strings.TrimRight(h.Endpoint, "/") + "/" + repo + "/resolve/" + url.PathEscape(rev) + "/" + url.PathEscape(name)
}

func (h *HuggingFace) authorize(req *http.Request) {
	if h.Token != "" {
		req.Header.Set("Authorization", "Bearer "+h.Token)
	}
}

// error maps the hub's X-Error-Code and status to the typed errors, naming the token's source, never its value.
func (h *HuggingFace) error(resp *http.Response, repo, rev, name string) error {
	where := fmt.Sprintf("huggingface %s@%s %s", repo, rev, name)
	switch code := resp.Header.Get("X-Error-Code"); {
	case code == "GatedRepo":
		return fmt.Errorf("%s: the repository is gated and %s has not been granted access: %w", where, h.tokenSentence(), ErrUnauthorized)
	case code == "RepoNotFound":
		return fmt.Errorf("%s: repository not found (or private, and %s cannot see it): %w", where, h.tokenSentence(), ErrNotFound)
	case code == "RevisionNotFound":
		return fmt.Errorf("%s: revision %q not found: %w", where, rev, ErrRevisionNotFound)
	case code == "EntryNotFound" || resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%s: %w", where, ErrEntryNotFound)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%s: HTTP %d, access refused to %s: %w", where, resp.StatusCode, h.tokenSentence(), ErrUnauthorized)
	default:
		return statusError(resp, where)
	}
}

func (h *HuggingFace) tokenSentence() string {
	if h.Token == "" {
		return "an anonymous request (no HF_TOKEN, HUGGING_FACE_HUB_TOKEN or token file)"
	}
	return "the token from " + h.TokenSource
}

func isRedirect(code int) bool { return code >= 300 && code < 400 }
