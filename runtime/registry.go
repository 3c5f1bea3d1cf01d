package runtime

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Loader fetches the files of a model by name (from disk, or downloading them).
type Loader func(ctx context.Context, name string) (Files, error)

// Registry loads models on first use, one load per model however many requests ask at once, and keeps at
// most MaxModels of them, evicting the least recently used. It is safe for concurrent use.
type Registry struct {
	host      *Host
	load      Loader
	maxModels int

	mu      sync.Mutex
	entries map[string]*entry
	evicted int64

	stop chan struct{} // closed by Close to end the janitor
}

type entry struct {
	ready    chan struct{} // closed when the load finished
	model    *Model
	err      error
	lastUsed time.Time
}

// NewRegistry serves the models that load finds, at most maxModels at once (0 means no limit). Close it to
// stop its background release of idle instances.
func NewRegistry(host *Host, load Loader, maxModels int) *Registry {
	r := &Registry{host: host, load: load, maxModels: maxModels, entries: make(map[string]*entry), stop: make(chan struct{})}
	go r.janitor(host.cfg.IdleTimeout)
	return r
}

// janitor closes instances that sat idle for longer than idleTimeout.
func (r *Registry) janitor(idleTimeout time.Duration) {
	tick := time.NewTicker(idleTimeout / 4)
	defer tick.Stop()
	for {
		select {
		case <-r.stop:
			return
		case now := <-tick.C:
			for _, m := range r.Loaded() {
				m.releaseIdle(now.Add(-idleTimeout))
			}
		}
	}
}

// Get returns the loaded model, loading it first when needed. A failed load is not remembered: the next
// Get tries again.
func (r *Registry) Get(ctx context.Context, name string) (*Model, error) {
	r.mu.Lock()
	e, ok := r.entries[name]
	if !ok {
		e = &entry{ready: make(chan struct{})}
		r.entries[name] = e
		go r.fill(name, e)
	}
	e.lastUsed = time.Now()
	r.mu.Unlock()

	select {
	case <-e.ready:
		return e.model, e.err
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for %s to load: %w", name, context.Cause(ctx))
	}
}

// fill loads a model on its own goroutine, so that a caller giving up does not cancel the load for the
// others waiting on it.
func (r *Registry) fill(name string, e *entry) {
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	files, err := r.load(ctx, name)
	var m *Model
	if err == nil {
		m, err = r.host.Load(ctx, name, files)
	}
	r.mu.Lock()
	e.model, e.err = m, err
	if err != nil {
		delete(r.entries, name)
	}
	victims := r.overLimit()
	r.mu.Unlock()
	close(e.ready)
	for _, m := range victims {
		m.Close(context.Background())
	}
}

// loadTimeout bounds one model load, download included.
const loadTimeout = 10 * time.Minute

// overLimit removes the least recently used loaded models beyond maxModels, or while the sandboxes exceed
// the memory budget, and returns them to be closed. The most recently used model always stays.
func (r *Registry) overLimit() []*Model {
	tooMany := func() bool { return r.maxModels > 0 && len(r.entries) > r.maxModels }
	if !tooMany() && !r.host.overBudget() {
		return nil
	}
	var loaded []string
	for name, e := range r.entries {
		if e.model != nil {
			loaded = append(loaded, name)
		}
	}
	sort.Slice(loaded, func(i, j int) bool { return r.entries[loaded[i]].lastUsed.Before(r.entries[loaded[j]].lastUsed) })
	var victims []*Model
	freed := int64(0)
	for _, name := range loaded[:max(len(loaded)-1, 0)] {
		overBudget := r.host.cfg.MemoryBudgetMiB > 0 && r.host.MemoryBytes()-freed > r.host.cfg.MemoryBudgetMiB<<20
		if !tooMany() && !overBudget {
			break
		}
		m := r.entries[name].model
		victims = append(victims, m)
		freed += m.memoryBytes()
		delete(r.entries, name)
		r.evicted++
	}
	return victims
}

// Loaded returns the models that are loaded now, by name.
func (r *Registry) Loaded() []*Model {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Model
	for _, e := range r.entries {
		if e.model != nil {
			out = append(out, e.model)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// Evicted counts the models evicted so far.
func (r *Registry) Evicted() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.evicted
}

// Close closes every loaded model.
func (r *Registry) Close(ctx context.Context) {
	close(r.stop)
	r.mu.Lock()
	entries := r.entries
	r.entries = make(map[string]*entry)
	r.mu.Unlock()
	for _, e := range entries {
		<-e.ready
		if e.model != nil {
			e.model.Close(ctx)
		}
	}
}
