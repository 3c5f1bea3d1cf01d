package cache

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func modelScopeConfig(t *testing.T, ms *fakeModelScope) Config {
	cfg := testConfig(t, ms.addrs())
	cfg.UseModelScope = true
	cfg.ModelScopeDomain = msHost
	cfg.modelScopeScheme = "http"
	return cfg
}

func TestDownloadFromModelScope(t *testing.T) {
	ms := newFakeModelScope(t)
	files := testFiles()
	ms.repos["qwen/Tiny"] = map[string]map[string]fakeFile{"master": files}
	ms.token = "ms_secret"
	cfg := modelScopeConfig(t, ms)
	cfg.ModelScopeToken = "ms_secret"

	m, err := newTestCache(t, cfg).Get(context.Background(), "qwen/Tiny")
	if err != nil {
		t.Fatal(err)
	}
	if m.Revision != "master" || m.Source != "modelscope" || m.Dir != filepath.Join(cfg.Dir, "qwen", "Tiny") {
		t.Errorf("model = %+v", *m)
	}
	assertFiles(t, m.Dir, files)
	for name := range files {
		if ms.gets["qwen/Tiny/"+name] != 1 {
			t.Errorf("%s downloaded %d times", name, ms.gets["qwen/Tiny/"+name])
		}
	}
}

func TestModelScopeErrors(t *testing.T) {
	ms := newFakeModelScope(t)
	bad := testFiles()
	bad["tokenizer.json"] = fakeFile{data: bad["tokenizer.json"].data, etag: sha256Hex([]byte("other"))}
	ms.repos["qwen/Bad"] = map[string]map[string]fakeFile{"master": bad}
	ms.repos["qwen/Tiny"] = map[string]map[string]fakeFile{"master": testFiles()}

	tests := []struct {
		name, ref, token, serverToken string
		want                          error
		says                          string
	}{
		{"wrong sha256", "qwen/Bad", "", "", ErrChecksum, "sha256"},
		{"missing model", "qwen/None", "", "", ErrNotFound, "does not exist"},
		{"missing revision", "qwen/Tiny@v2", "", "", ErrNotFound, "v2"},
		{"no token", "qwen/Tiny", "", "ms_good", ErrUnauthorized, "no MODELSCOPE_API_TOKEN"},
		{"refused token", "qwen/Tiny", "ms_wrong", "ms_good", ErrUnauthorized, "token from MODELSCOPE_API_TOKEN was refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms.mu.Lock()
			ms.token = tt.serverToken
			ms.mu.Unlock()
			cfg := modelScopeConfig(t, ms)
			cfg.ModelScopeToken = tt.token
			_, err := newTestCache(t, cfg).Get(context.Background(), tt.ref)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.want, tt.says)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}
