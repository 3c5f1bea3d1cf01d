package cache

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caarlos0/env/v11"
)

// writeModel fills dir by hand, as snapshot_download(local_dir=…), modelscope or a volume would.
func writeModel(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// offlineConfig has no route anywhere; Offline says whether the cache may even try.
func offlineConfig(t *testing.T, offline bool) Config {
	cfg := testConfig(t, map[string]string{})
	cfg.Offline = offline
	cfg.Retries = -1
	return cfg
}

func TestPrePopulatedFolderServedWithoutNetwork(t *testing.T) {
	for _, offline := range []bool{false, true} {
		cfg := offlineConfig(t, offline)
		writeModel(t, filepath.Join(cfg.Dir, "Qwen", "Qwen3-0.6B"), map[string]string{
			"tokenizer.json": `{"model":{}}`, "tokenizer_config.json": `{}`,
			// what huggingface_hub's snapshot_download(local_dir=…) leaves behind
			hfMetadataDir + "/tokenizer.json.metadata": testCommit + "\n\"etag\"\n1753339377.4\n",
		})
		c := newTestCache(t, cfg)
		for _, ref := range []string{"Qwen/Qwen3-0.6B", "Qwen/Qwen3-0.6B@" + testCommit} {
			m, err := c.Get(context.Background(), ref)
			if err != nil {
				t.Fatalf("offline=%v Get(%s): %v", offline, ref, err)
			}
			if m.Commit != testCommit || m.Source != "local" {
				t.Errorf("model = %+v", *m)
			}
			if data, err := m.ReadFile("tokenizer_config.json"); err != nil || string(data) != "{}" {
				t.Errorf("ReadFile = %q, %v", data, err)
			}
		}
	}
}

func TestOfflineAndNotCached(t *testing.T) {
	cfg := offlineConfig(t, true)
	writeModel(t, filepath.Join(cfg.Dir, "acme", "hand"), map[string]string{"tokenizer.json": `{}`})
	c := newTestCache(t, cfg)
	for ref, says := range map[string]string{
		"acme/missing":            "not in the models folder",
		"acme/hand@v2":            "unknown revision",
		"acme/hand@" + testCommit: "unknown revision",
	} {
		_, err := c.Get(context.Background(), ref)
		if !errors.Is(err, ErrOffline) || !strings.Contains(err.Error(), says) || !strings.Contains(err.Error(), "HF_HUB_OFFLINE") {
			t.Errorf("Get(%s) = %v, want ErrOffline saying %q", ref, err, says)
		}
	}
}

func TestLocalPaths(t *testing.T) {
	cfg := offlineConfig(t, true)
	inside := filepath.Join(cfg.Dir, "acme", "tiny")
	outside := t.TempDir()
	writeModel(t, inside, map[string]string{"tokenizer.json": `{}`})
	writeModel(t, outside, map[string]string{"tokenizer.json": `{}`})
	empty := t.TempDir()

	c := newTestCache(t, cfg)
	if m, err := c.Get(context.Background(), inside); err != nil || m.Dir != inside {
		t.Errorf("inside the models folder: %v, %v", m, err)
	}
	if _, err := c.Get(context.Background(), outside); !errors.Is(err, ErrInvalidName) || !strings.Contains(err.Error(), "MODELS_ALLOW_LOCAL_PATHS") {
		t.Errorf("outside, not allowed: %v", err)
	}
	if _, err := c.Get(context.Background(), filepath.Join(cfg.Dir, "..", filepath.Base(outside))); !errors.Is(err, ErrInvalidName) {
		t.Errorf("escape with ..: %v", err)
	}
	link := filepath.Join(cfg.Dir, "link")
	if err := os.Symlink(outside, link); err == nil {
		if _, err := c.Get(context.Background(), link); !errors.Is(err, ErrInvalidName) {
			t.Errorf("escape by symlink: %v", err)
		}
	}

	cfg.AllowLocalPaths = true
	c = newTestCache(t, cfg)
	if m, err := c.Get(context.Background(), outside); err != nil || m.Dir != outside || m.Source != "local" {
		t.Errorf("outside, allowed: %v, %v", m, err)
	}
	if _, err := c.Get(context.Background(), empty); !errors.Is(err, ErrNotFound) {
		t.Errorf("folder without tokenizer.json: %v", err)
	}
	if _, err := c.Get(context.Background(), outside+"\x00"); !errors.Is(err, ErrInvalidName) {
		t.Errorf("NUL in a path: %v", err)
	}
}

func TestReadFile(t *testing.T) {
	cfg := offlineConfig(t, true)
	cfg.MaxFileSize = 10
	dir := filepath.Join(cfg.Dir, "acme", "tiny")
	writeModel(t, dir, map[string]string{"tokenizer.json": `{}`, "config.json": `{"big":true}`, "secret.txt": "x"})
	m, err := newTestCache(t, cfg).Get(context.Background(), "acme/tiny")
	if err != nil {
		t.Fatal(err)
	}
	if data, err := m.ReadFile("tokenizer.json"); err != nil || string(data) != `{}` {
		t.Errorf("tokenizer.json: %q, %v", data, err)
	}
	if _, err := m.ReadFile("config.json"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
	for _, name := range []string{"secret.txt", "../tiny/tokenizer.json", ".tokenizerd.json", "/etc/passwd"} {
		if _, err := m.ReadFile(name); !errors.Is(err, ErrInvalidName) {
			t.Errorf("ReadFile(%q) = %v", name, err)
		}
	}
	if _, err := m.ReadFile("merges.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent optional file: %v", err)
	}
}

func TestList(t *testing.T) {
	hub := newFakeHub(t)
	hub.addRepo("acme/tiny", testCommit, testFiles())
	cfg := testConfig(t, hub.addrs())
	c := newTestCache(t, cfg)
	if _, err := c.Get(context.Background(), "acme/tiny"); err != nil {
		t.Fatal(err)
	}
	writeModel(t, filepath.Join(cfg.Dir, "Qwen", "Qwen3"), map[string]string{"tokenizer.json": `{}`})
	writeModel(t, filepath.Join(cfg.Dir, "Qwen", "no-tokenizer"), map[string]string{"config.json": `{}`})
	writeModel(t, filepath.Join(cfg.Dir, ".hidden", "x"), map[string]string{"tokenizer.json": `{}`})
	writeModel(t, filepath.Join(cfg.Dir, "acme", "broken"), map[string]string{"tokenizer.json": `{}`, metadataName: `{"state":"downloading"}`})
	writeModel(t, filepath.Join(cfg.Dir, "acme", "garbled"), map[string]string{"tokenizer.json": `{}`, metadataName: `{"state":`})

	list, err := c.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range list {
		got = append(got, m.ID+"@"+m.Revision+"/"+m.Source)
	}
	if want := []string{"Qwen/Qwen3@/local", "acme/tiny@main/huggingface"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("List = %v, want %v", got, want)
	}
}

func TestRevisionSwitchReplacesFiles(t *testing.T) {
	hub := newFakeHub(t)
	v1 := testFiles()
	repo := hub.addRepo("acme/tiny", testCommit, v1)
	v2 := map[string]fakeFile{"tokenizer.json": {data: []byte(`{"v":2}`), lfs: true}, "config.json": {data: []byte(`{}`)}}
	repo.refs["v2"] = otherCommit
	repo.commits[otherCommit] = v2
	cfg := testConfig(t, hub.addrs())
	c := newTestCache(t, cfg)
	if _, err := c.Get(context.Background(), "acme/tiny"); err != nil {
		t.Fatal(err)
	}
	m, err := c.Get(context.Background(), "acme/tiny@v2")
	if err != nil {
		t.Fatal(err)
	}
	if m.Commit != otherCommit || m.Revision != "v2" {
		t.Errorf("model = %+v", *m)
	}
	assertFiles(t, m.Dir, v2) // v1's chat template and tokenizer_config are gone

	// Asking for v2 again, or for its commit, is a cache hit.
	gets := hub.totalGets()
	for _, ref := range []string{"acme/tiny@v2", "acme/tiny@" + otherCommit, "acme/tiny"} {
		if _, err := c.Get(context.Background(), ref); err != nil {
			t.Fatal(err)
		}
	}
	if hub.totalGets() != gets {
		t.Errorf("a cached revision was downloaded again")
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	t.Setenv("MODELS_DIR", "/srv/models")
	t.Setenv("HF_HUB_OFFLINE", "1")
	t.Setenv("HF_TOKEN", "hf_a")
	t.Setenv("HUGGING_FACE_HUB_TOKEN", "hf_b")
	t.Setenv("MODELS_DOWNLOAD_TIMEOUT", "45s")
	cfg, err := env.ParseAs[Config]()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dir != "/srv/models" || !cfg.Offline || cfg.HFEndpoint != "https://huggingface.co" || cfg.Timeout.String() != "45s" ||
		cfg.MaxFileSize != 256<<20 || cfg.Retries != 4 || cfg.HTTPClient != nil {
		t.Errorf("config = %+v", cfg)
	}
	if token, source := cfg.hfToken(); token != "hf_a" || source != "HF_TOKEN" {
		t.Errorf("token from %s", source)
	}
	cfg.HFToken = ""
	if token, source := cfg.hfToken(); token != "hf_b" || source != "HUGGING_FACE_HUB_TOKEN" {
		t.Errorf("token from %s", source)
	}
}
