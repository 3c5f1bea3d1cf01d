package cache

import (
	"context"
	"sync"
)

// flights shares one download among the goroutines that ask for the same model at once. The download
// runs detached from any one caller: it stops only when every caller waiting for it has given up.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

type flight struct {
	done    chan struct{}
	model   *Model
	err     error
	waiters int
	cancel  context.CancelFunc
}

func (g *flights) do(ctx context.Context, key string, fn func(context.Context) (*Model, error)) (*Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g.mu.Lock()
	f, ok := g.m[key]
	if !ok {
		if g.m == nil {
			g.m = map[string]*flight{}
		}
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		g.m[key] = f
		go g.run(runCtx, key, f, fn)
	}
	f.waiters++
	g.mu.Unlock()

	select {
	case <-f.done:
		if f.err != nil {
			return nil, f.err
		}
		m := *f.model // each caller gets its own copy
		return &m, nil
	case <-ctx.Done():
		g.leave(key, f)
		return nil, ctx.Err()
	}
}

func (g *flights) run(ctx context.Context, key string, f *flight, fn func(context.Context) (*Model, error)) {
	f.model, f.err = fn(ctx)
	f.cancel()
	g.mu.Lock()
	if g.m[key] == f {
		delete(g.m, key)
	}
	g.mu.Unlock()
	close(f.done)
}

// leave drops a waiter; the last one out cancels the download and forgets it, so that a later caller
// starts afresh instead of joining a cancelled flight.
func (g *flights) leave(key string, f *flight) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f.waiters--
	if f.waiters == 0 {
		f.cancel()
		if g.m[key] == f {
			delete(g.m, key)
		}
	}
}
