package cache

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Host names the fakes answer to. A test client dials them to local listeners, so the CDN host is a
// subdomain of the hub, as on the real Hugging Face (where Go's client alone would keep the token).
const (
	hfHost  = "hf.test"
	cdnHost = "cdn.hf.test"
	msHost  = "modelscope.test"
)

// fakeFile is one file of a fake repository.
type fakeFile struct {
	data []byte
	lfs  bool   // served by redirect to the CDN host, with X-Linked-Etag = sha256
	etag string // overrides the advertised digest (a wrong checksum)
}

func sha256Hex(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func gitBlobID(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// fakeRepo is a repository: branches and tags point at commits, commits hold files.
type fakeRepo struct {
	gated   bool              // only the token "hf_good" may read it
	refs    map[string]string // branch or tag → commit
	commits map[string]map[string]fakeFile
}

// fakeHub implements the Hugging Face resolve protocol (PROTOCOLS §3) on hfHost and LFS storage on
// cdnHost, and counts what it serves. fault, when set, sees every request first and may answer it.
type fakeHub struct {
	t     testing.TB
	hub   *httptest.Server
	cdn   *httptest.Server
	mu    sync.Mutex
	repos map[string]*fakeRepo
	heads map[string]int // "org/name/file" → HEADs
	gets  map[string]int // "org/name/file" → GETs of the content (on the hub or the CDN)
	// cdnAuth records the Authorization headers the CDN received (must stay empty).
	cdnAuth []string
	hubAuth []string
	fault   func(w http.ResponseWriter, r *http.Request) bool
}

func newFakeHub(t testing.TB) *fakeHub {
	h := &fakeHub{t: t, repos: map[string]*fakeRepo{}, heads: map[string]int{}, gets: map[string]int{}}
	h.hub = httptest.NewServer(http.HandlerFunc(h.serveHub))
	h.cdn = httptest.NewServer(http.HandlerFunc(h.serveCDN))
	t.Cleanup(h.hub.Close)
	t.Cleanup(h.cdn.Close)
	return h
}

// addRepo adds a repository whose branch "main" points at one commit with files.
func (h *fakeHub) addRepo(id, commit string, files map[string]fakeFile) *fakeRepo {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := &fakeRepo{refs: map[string]string{"main": commit}, commits: map[string]map[string]fakeFile{commit: files}}
	h.repos[id] = r
	return r
}

func (h *fakeHub) setFault(f func(w http.ResponseWriter, r *http.Request) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fault = f
}

func (h *fakeHub) count(m map[string]int, key string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return m[key]
}

func (h *fakeHub) totalGets() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, v := range h.gets {
		n += v
	}
	return n
}

// dialer sends the fake host names to the fake servers and refuses everything else.
func (h *fakeHub) addrs() map[string]string {
	return map[string]string{hfHost + ":80": h.hub.Listener.Addr().String(), cdnHost + ":80": h.cdn.Listener.Addr().String()}
}

func testClient(addrs map[string]string) *http.Client {
	var d net.Dialer
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		real, ok := addrs[addr]
		if !ok {
			return nil, fmt.Errorf("test network: no route to %s", addr)
		}
		return d.DialContext(ctx, network, real)
	}}
	return &http.Client{Transport: tr}
}

func (h *fakeHub) serveHub(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	fault := h.fault
	h.hubAuth = append(h.hubAuth, r.Header.Get("Authorization"))
	h.mu.Unlock()
	if fault != nil && fault(w, r) {
		return
	}
	// /{org}/{name}/resolve/{rev}/{file}
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 5)
	if len(parts) != 5 || parts[2] != "resolve" {
		http.NotFound(w, r)
		return
	}
	id, rev, name := parts[0]+"/"+parts[1], parts[3], parts[4]
	h.mu.Lock()
	repo := h.repos[id]
	h.mu.Unlock()
	if repo == nil {
		w.Header().Set("X-Error-Code", "RepoNotFound")
		http.Error(w, "Repository not found", http.StatusUnauthorized)
		return
	}
	if repo.gated && r.Header.Get("Authorization") != "Bearer hf_good" {
		w.Header().Set("X-Error-Code", "GatedRepo")
		http.Error(w, "Access to this repository is restricted", http.StatusForbidden)
		return
	}
	commit, ok := repo.refs[rev]
	if !ok {
		commit = rev
	}
	files, ok := repo.commits[commit]
	if !ok {
		w.Header().Set("X-Error-Code", "RevisionNotFound")
		http.Error(w, "Invalid rev id", http.StatusNotFound)
		return
	}
	f, ok := files[name]
	if !ok {
		w.Header().Set("X-Error-Code", "EntryNotFound")
		http.Error(w, "Entry not found", http.StatusNotFound)
		return
	}
	key := id + "/" + name
	h.mu.Lock()
	if r.Method == http.MethodHead {
		h.heads[key]++
	}
	h.mu.Unlock()
	w.Header().Set("X-Repo-Commit", commit)
	if f.lfs {
		etag := f.etag
		if etag == "" {
			etag = sha256Hex(f.data)
		}
		w.Header().Set("X-Linked-Etag", `"`+etag+`"`)
		w.Header().Set("X-Linked-Size", fmt.Sprint(len(f.data)))
		w.Header().Set("ETag", `W/"not-the-content-digest"`)
		http.Redirect(w, r, "http://"+cdnHost+"/blobs/"+id+"/"+commit+"/"+url.PathEscape(name), http.StatusFound)
		return
	}
	etag := f.etag
	if etag == "" {
		etag = gitBlobID(f.data)
	}
	w.Header().Set("ETag", `"`+etag+`"`)
	w.Header().Set("Content-Length", fmt.Sprint(len(f.data)))
	if r.Method == http.MethodGet {
		h.mu.Lock()
		h.gets[key]++
		h.mu.Unlock()
		w.Write(f.data)
	}
}

func (h *fakeHub) serveCDN(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	fault := h.fault
	if a := r.Header.Get("Authorization"); a != "" {
		h.cdnAuth = append(h.cdnAuth, a)
	}
	h.mu.Unlock()
	if fault != nil && fault(w, r) {
		return
	}
	// /blobs/{org}/{name}/{commit}/{file}
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/blobs/"), "/", 4)
	if len(parts) != 4 {
		http.NotFound(w, r)
		return
	}
	id, commit, name := parts[0]+"/"+parts[1], parts[2], parts[3]
	h.mu.Lock()
	defer h.mu.Unlock()
	repo := h.repos[id]
	if repo == nil {
		http.NotFound(w, r)
		return
	}
	f, ok := repo.commits[commit][name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h.gets[id+"/"+name]++
	w.Header().Set("Content-Length", fmt.Sprint(len(f.data)))
	w.Write(f.data)
}

// fakeModelScope implements the ModelScope listing and file protocol (PROTOCOLS §4).
type fakeModelScope struct {
	srv   *httptest.Server
	mu    sync.Mutex
	repos map[string]map[string]map[string]fakeFile // id → revision → path → file
	token string                                    // when set, required as the m_session_id cookie
	gets  map[string]int
}

func newFakeModelScope(t testing.TB) *fakeModelScope {
	m := &fakeModelScope{repos: map[string]map[string]map[string]fakeFile{}, gets: map[string]int{}}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *fakeModelScope) addrs() map[string]string {
	return map[string]string{msHost + ":80": m.srv.Listener.Addr().String()}
}

func (m *fakeModelScope) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token != "" {
		if c, err := r.Cookie("m_session_id"); err != nil || c.Value != m.token {
			http.Error(w, `{"Code":10010103,"Message":"forbidden"}`, http.StatusForbidden)
			return
		}
	}
	p := strings.TrimPrefix(r.URL.Path, "/api/v1/models/")
	id, tail, _ := strings.Cut(p, "/repo")
	revs, ok := m.repos[id]
	if !ok {
		http.Error(w, `{"Code":10010205,"Message":"model not found"}`, http.StatusNotFound)
		return
	}
	files, ok := revs[r.URL.Query().Get("Revision")]
	if !ok {
		http.Error(w, `{"Code":10010205,"Message":"revision not found"}`, http.StatusNotFound)
		return
	}
	switch tail {
	case "/files":
		type entry struct {
			Name, Path, Type, Sha256, Revision string
			Size                               int
		}
		var list []entry
		list = append(list, entry{Name: "docs", Path: "docs", Type: "tree"})
		for path, f := range files {
			sum := f.etag
			if sum == "" {
				sum = sha256Hex(f.data)
			}
			list = append(list, entry{Name: path, Path: path, Type: "blob", Size: len(f.data), Sha256: sum, Revision: "c0ffee"})
		}
		json.NewEncoder(w).Encode(map[string]any{"Code": 200, "Success": true, "Message": "success", "Data": map[string]any{"Files": list}})
	case "":
		f, ok := files[r.URL.Query().Get("FilePath")]
		if !ok {
			http.Error(w, `{"Code":10010205,"Message":"file not found"}`, http.StatusNotFound)
			return
		}
		m.gets[id+"/"+r.URL.Query().Get("FilePath")]++
		w.Write(f.data)
	default:
		http.NotFound(w, r)
	}
}
