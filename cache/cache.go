package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tokenizerd/tokenizerd/cache/hub"
)

// Cache finds models in the models folder and downloads the missing ones. It is safe for concurrent use,
// and several processes may share one folder.
type Cache struct {
	cfg     Config
	dir     string     // absolute models folder
	source  hub.Source // nil when offline: no network call at all
	log     *slog.Logger
	flights flights
	stats   counters
}

// counters are the cache's activity since New, for metrics.
type counters struct {
	hits, misses, downloads, downloadedBytes atomic.Int64
}

// Stats are the cache's counters since New.
type Stats struct {
	Hits            int64 // models found on disk
	Misses          int64 // models that had to be downloaded
	Downloads       int64 // files downloaded
	DownloadedBytes int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() Stats {
	return Stats{
		Hits:            c.stats.hits.Load(),
		Misses:          c.stats.misses.Load(),
		Downloads:       c.stats.downloads.Load(),
		DownloadedBytes: c.stats.downloadedBytes.Load(),
	}
}

// New checks cfg and prepares the hub client; it touches neither the disk nor the network.
func New(cfg Config) (*Cache, error) {
	cfg = cfg.withDefaults()
	if cfg.Dir == "" {
		return nil, errors.New("cache: MODELS_DIR is empty")
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("cache: models folder: %w", err)
	}
	c := &Cache{cfg: cfg, dir: dir, log: cfg.Logger}
	if !cfg.Offline {
		c.source = c.newSource()
	}
	return c, nil
}

func (c *Cache) newSource() hub.Source {
	cfg := c.cfg
	transport := hub.NewTransport(cfg.HTTPClient, cfg.Timeout)
	policy := hub.Retry{
		Attempts:  cfg.Retries + 1,
		BaseDelay: cfg.RetryBaseDelay,
		MaxDelay:  cfg.RetryMaxDelay,
		OnRetry: func(err error, wait time.Duration) {
			c.log.Warn("download attempt failed, retrying", "err", err, "wait", wait)
		},
		Sleep: cfg.sleep,
	}
	if cfg.UseModelScope {
		return &hub.ModelScope{Domain: cfg.ModelScopeDomain, Token: cfg.ModelScopeToken, Transport: transport, Policy: policy, Scheme: cfg.modelScopeScheme}
	}
	token, source := cfg.hfToken()
	return &hub.HuggingFace{Endpoint: cfg.HFEndpoint, Token: token, TokenSource: source, Transport: transport, Policy: policy}
}

// Dir is the absolute models folder.
func (c *Cache) Dir() string { return c.dir }

// Get returns the model's folder, downloading it first when missing (unless offline). ref is
// "org/name[@revision]" or a folder path (./…, ../… or absolute: inside the models folder, or anywhere when
// AllowLocalPaths is set). A model already on disk is used with no network call: without a revision,
// whatever the folder holds; with one, only if the folder was downloaded for that revision or commit.
// Concurrent Gets of one model share one download.
func (c *Cache) Get(ctx context.Context, ref string) (*Model, error) {
	return c.Pull(ctx, ref, nil)
}

// Pull is Get reporting download progress to p (nil: none). A caller that joins a download already under
// way waits for it without progress reports.
func (c *Cache) Pull(ctx context.Context, ref string, p Progress) (*Model, error) {
	if isPathRef(ref) {
		return c.localFolder(ref)
	}
	id, rev, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	dir := c.modelDir(id)
	f, err := inspect(dir)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", ref, err)
	}
	if f.usable() && (rev == "" || f.holds(rev)) {
		c.stats.hits.Add(1)
		return f.model(id, c.cfg.MaxFileSize), nil
	}
	c.stats.misses.Add(1)
	if c.source == nil {
		return nil, fmt.Errorf("model %s: HF_HUB_OFFLINE is set and %s (%s): %w", ref, f.describe(), dir, ErrOffline)
	}
	if p == nil {
		p = noProgress{}
	}
	return c.flights.do(ctx, id+"@"+rev, func(ctx context.Context) (*Model, error) {
		return c.download(ctx, id, rev, dir, p)
	})
}

// List returns the usable models in the models folder, sorted by ID. A missing folder lists nothing.
func (c *Cache) List() ([]Model, error) {
	orgs, err := os.ReadDir(c.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	var models []Model
	for _, org := range orgs {
		if !validSegment(org.Name()) {
			continue
		}
		names, err := os.ReadDir(filepath.Join(c.dir, org.Name()))
		if err != nil {
			continue // a file, or a folder we may not read: not a model organisation
		}
		for _, name := range names {
			if !validSegment(name.Name()) {
				continue
			}
			id := org.Name() + "/" + name.Name()
			if f, err := inspect(c.modelDir(id)); err == nil && f.usable() {
				models = append(models, *f.model(id, c.cfg.MaxFileSize))
			}
		}
	}
	slices.SortFunc(models, func(a, b Model) int { return strings.Compare(a.ID, b.ID) })
	return models, nil
}

// modelDir is where a validated id lives: models/<org>/<name>.
func (c *Cache) modelDir(id string) string {
	return filepath.Join(c.dir, filepath.FromSlash(id))
}

// modelAt reads back a folder just downloaded.
func (c *Cache) modelAt(id, dir string) (*Model, error) {
	f, err := inspect(dir)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", id, err)
	}
	return f.model(id, c.cfg.MaxFileSize), nil
}
