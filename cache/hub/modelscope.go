package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxListingBytes bounds the JSON of a file listing (a large repo lists a few thousand files).
const maxListingBytes = 32 << 20

// ModelScope is the ModelScope hub.
type ModelScope struct {
	Domain    string // host name (MODELSCOPE_DOMAIN), bare or with a scheme; "" means www.modelscope.cn
	Token     string // MODELSCOPE_API_TOKEN, sent as the m_session_id cookie; never logged
	Transport *Transport
	Policy    Retry
	// Scheme is "https" unless a test serves plain HTTP.
	Scheme string
}

func (m *ModelScope) Name() string            { return "modelscope" }
func (m *ModelScope) DefaultRevision() string { return "master" }
func (m *ModelScope) Retry() Retry            { return m.Policy }

type msListing struct {
	Code    int    `json:"Code"`
	Message string `json:"Message"`
	Success bool   `json:"Success"`
	Data    struct {
		Files []struct {
			Path   string `json:"Path"`
			Type   string `json:"Type"`
			Size   int64  `json:"Size"`
			Sha256 string `json:"Sha256"`
		} `json:"Files"`
	} `json:"Data"`
}

// Resolve lists the repository at revision and keeps the wanted files. ModelScope's listing names no
// commit, so Snapshot.Commit stays empty and files are fetched by revision, checked by their Sha256.
func (m *ModelScope) Resolve(ctx context.Context, repo, revision string, names []string) (Snapshot, error) {
	q := url.Values{"Revision": {revision}, "Recursive": {"True"}}
	target := m.endpoint() + "/api/v1/models/" + repo + "/repo/files?" + q.Encode()
	where := fmt.Sprintf("modelscope %s@%s", repo, revision)
	var listing msListing
	err := m.Policy.Do(ctx, func(ctx context.Context) error {
		req, err := http.NewRequest(http.MethodGet, target, nil)
		if err != nil {
			return err
		}
		m.authorize(req)
		resp, err := m.Transport.send(ctx, req, true)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return m.error(resp, where)
		}
		listing = msListing{}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxListingBytes))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(body, &listing); err != nil {
			return fmt.Errorf("%s: unreadable file listing: %v: %w", where, err, ErrNetwork)
		}
		return nil
	})
	if err != nil {
		return Snapshot{}, err
	}
	if listing.Code != http.StatusOK {
		return Snapshot{}, fmt.Errorf("%s: listing refused (Code %d: %s): %w", where, listing.Code, listing.Message, ErrNotFound)
	}
	byPath := map[string]File{}
	for _, e := range listing.Data.Files {
		if e.Type == "blob" {
			byPath[e.Path] = File{Name: e.Path, Size: e.Size, SHA256: strings.ToLower(e.Sha256)}
		}
	}
	snap := Snapshot{Revision: revision}
	for i, name := range names {
		f, ok := byPath[name]
		if !ok && i == 0 {
			return Snapshot{}, fmt.Errorf("%s %s: %w", where, name, ErrEntryNotFound)
		}
		if ok {
			snap.Files = append(snap.Files, f)
		}
	}
	return snap, nil
}

// Open downloads one file of the snapshot.
func (m *ModelScope) Open(ctx context.Context, repo string, snap Snapshot, f File) (io.ReadCloser, error) {
	q := url.Values{"Revision": {snap.pin()}, "FilePath": {f.Name}}
	req, err := http.NewRequest(http.MethodGet, m.endpoint()+"/api/v1/models/"+repo+"/repo?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	m.authorize(req)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := m.Transport.send(ctx, req, true)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, m.error(resp, fmt.Sprintf("modelscope %s@%s %s", repo, snap.pin(), f.Name))
	}
	return resp.Body, nil
}

func (m *ModelScope) endpoint() string {
	scheme, domain := m.Scheme, m.Domain
	if scheme == "" {
		scheme = "https"
	}
	if domain == "" {
		domain = "www.modelscope.cn"
	}
	if strings.Contains(domain, "://") {
		return strings.TrimRight(domain, "/")
	}
	return scheme + "://" + domain
}

func (m *ModelScope) authorize(req *http.Request) {
	if m.Token != "" {
		req.AddCookie(&http.Cookie{Name: "m_session_id", Value: m.Token})
	}
}

func (m *ModelScope) error(resp *http.Response, where string) error {
	switch resp.StatusCode {
	case http.StatusNotFound:
		return fmt.Errorf("%s: model, revision or file does not exist: %w", where, ErrNotFound)
	case http.StatusUnauthorized, http.StatusForbidden:
		who := "no MODELSCOPE_API_TOKEN is set"
		if m.Token != "" {
			who = "the token from MODELSCOPE_API_TOKEN was refused"
		}
		return fmt.Errorf("%s: HTTP %d, access refused (%s): %w", where, resp.StatusCode, who, ErrUnauthorized)
	default:
		return statusError(resp, where)
	}
}
