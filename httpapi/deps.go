package httpapi

import (
	"context"
	"time"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// Models is what the server needs of the model registry (runtime.Registry satisfies it).
type Models interface {
	// Get returns a loaded model, loading it first when needed. An unknown model is an error wrapping
	// ErrModelNotFound.
	Get(ctx context.Context, name string) (*runtime.Model, error)
	// Loaded lists the models loaded now.
	Loaded() []*runtime.Model
	// Evicted counts the models evicted so far to make room for others.
	Evicted() int64
}

// CachedModel is a model whose files are on disk.
type CachedModel struct {
	ID        string    // "org/name"
	Revision  string    // the commit the files come from; "" when unknown
	FetchedAt time.Time // when the files were fetched; zero when unknown
}

// CachedModels lists the models on disk, for /v1/models.
type CachedModels interface {
	List() ([]CachedModel, error)
}

// CacheStats are the model cache's counters since the start, for /metrics.
type CacheStats struct {
	Hits            int64 // models found on disk
	Misses          int64 // models that had to be fetched
	Downloads       int64 // files downloaded
	DownloadedBytes int64
}

// CacheCounters gives the model cache's counters.
type CacheCounters interface {
	Stats() CacheStats
}

// Deps are the server's collaborators. Only Models is required.
type Deps struct {
	Models     Models
	Cache      CachedModels  // nil: /v1/models lists loaded models only
	CacheStats CacheCounters // nil: no cache series in /metrics
	// Now is the clock chat templates read (strftime_now); nil: time.Now. Tests fix it.
	Now func() time.Time
}
