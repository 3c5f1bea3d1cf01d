package runtime

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// pool runs calls on at most size instances of one model, creating them on demand and replacing any that
// fails. Requests beyond size wait in a bounded queue.
type pool struct {
	host   *Host
	name   string
	create func(context.Context) (*instance, ModelInfo, error)
	slots  chan struct{} // one token per call allowed to run
	// idle holds the instances ready for a call, most recently used last: taking the warmest one keeps its
	// model's tables in the CPU caches (alternating instances made a request about 40% slower).
	idleMu   sync.Mutex
	idle     []*instance
	returned chan struct{} // signalled when an instance becomes idle, for a take waiting on the budget
	closed   atomic.Bool
	waiting  atomic.Int64
	// served is closed when the pool's first call has returned; a new model's image waits for it.
	served     chan struct{}
	servedOnce atomic.Bool

	instances atomic.Int64 // live instances, busy or idle
	memory    atomic.Int64 // their linear memory, in bytes
	discarded atomic.Int64 // instances closed after a failure
	abandoned atomic.Int64 // instances that ignored cancellation and were left to finish on their own
	released  atomic.Int64 // idle instances closed to give memory back
}

// PoolStats is a snapshot of one model's sandboxes, for metrics.
type PoolStats struct {
	Instances int64 // live instances
	Waiting   int64 // requests queued for a busy instance
	Discarded int64 // instances thrown away after a trap, panic or out-of-memory
	Abandoned int64 // instances that did not stop when cancelled
	Released  int64 // idle instances closed to give memory back
	Memory    int64 // linear memory of the live instances, in bytes
}

// add sums two snapshots, as of a model's two pools.
func (s PoolStats) add(o PoolStats) PoolStats {
	return PoolStats{
		Instances: s.Instances + o.Instances,
		Waiting:   s.Waiting + o.Waiting,
		Discarded: s.Discarded + o.Discarded,
		Abandoned: s.Abandoned + o.Abandoned,
		Released:  s.Released + o.Released,
		Memory:    s.Memory + o.Memory,
	}
}

func (p *pool) init(h *Host, name string, size int, create func(context.Context) (*instance, ModelInfo, error)) {
	p.host, p.name, p.create = h, name, create
	p.slots = make(chan struct{}, size)
	p.returned = make(chan struct{}, 1)
	p.served = make(chan struct{})
}

func (p *pool) memoryBytes() int64 { return p.memory.Load() }

func (p *pool) snapshot() PoolStats {
	return PoolStats{
		Instances: p.instances.Load(),
		Waiting:   p.waiting.Load(),
		Discarded: p.discarded.Load(),
		Abandoned: p.abandoned.Load(),
		Released:  p.released.Load(),
		Memory:    p.memory.Load(),
	}
}

// with runs f on an instance. f runs on its own goroutine so that a guest ignoring cancellation cannot hold
// the caller past its deadline: the guest polls the cancel word between pieces of work, so an honest one
// stops within microseconds; one that does not is abandoned after CancelGrace: the caller gets an error, and the instance is closed when
// (if ever) its call returns. Its slot stays taken until then, so a runaway guest costs its model one slot of
// capacity, never another model's.
func (p *pool) with(ctx context.Context, f func(*instance) error) error {
	ctx, cancel := context.WithTimeout(ctx, p.host.cfg.CallTimeout)
	defer cancel()
	if err := p.acquire(ctx); err != nil {
		return err
	}
	in, err := p.take(ctx)
	if err != nil {
		<-p.slots
		return err
	}
	// state settles the race between the call finishing and the watchdog giving up on it.
	const running, finished, abandoned = 0, 1, 2
	var state atomic.Int32
	done := make(chan error, 1)
	go func() {
		err := p.host.enter()
		if err == nil {
			err = f(in)
			p.host.leave()
		}
		if !state.CompareAndSwap(running, finished) {
			in.abandoned = true
			p.host.runaways.Add(-1)
		}
		p.give(in)
		<-p.slots
		if p.servedOnce.CompareAndSwap(false, true) {
			close(p.served)
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	grace := time.NewTimer(p.host.cfg.CancelGrace)
	defer grace.Stop()
	select {
	case err := <-done:
		return err
	case <-grace.C:
	}
	if !state.CompareAndSwap(running, abandoned) {
		return <-done // it finished just now
	}
	p.host.runaways.Add(1)
	p.abandoned.Add(1)
	return fmt.Errorf("%w: the sandbox did not stop when cancelled and was abandoned: %w", ErrSandbox, context.Cause(ctx))
}

// withIdle runs f on an instance the pool already has, waiting until one is idle instead of creating one. It
// is for the model's image, which must come from the instance that parsed the JSON: an instance created for
// it would wait for that very image. It takes no call slot, so that requests waiting for the image cannot
// starve it; until that instance retires, the pool may hold one instance more than its size.
func (p *pool) withIdle(ctx context.Context, f func(*instance) error) error {
	ctx, cancel := context.WithTimeout(ctx, p.host.cfg.CallTimeout)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond) // returned is shared with takes waiting on the budget
	defer tick.Stop()
	in := p.popIdle()
	for in == nil {
		if p.closed.Load() || p.instances.Load() == 0 {
			return fmt.Errorf("%s: %w: no instance left", p.name, ErrClosed)
		}
		select {
		case <-p.returned:
		case <-tick.C:
		case <-ctx.Done():
			return fmt.Errorf("%s: waiting for an idle sandbox: %w", p.name, context.Cause(ctx))
		}
		in = p.popIdle()
	}
	err := p.host.enter()
	if err == nil {
		err = f(in)
		p.host.leave()
	}
	p.give(in)
	return err
}

func (p *pool) acquire(ctx context.Context) error {
	select {
	case p.slots <- struct{}{}:
		return nil
	default:
	}
	if p.waiting.Add(1) > int64(p.host.cfg.QueueSize) {
		p.waiting.Add(-1)
		return fmt.Errorf("%s: %w: %d requests already waiting", p.name, ErrOverloaded, p.host.cfg.QueueSize)
	}
	defer p.waiting.Add(-1)
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: waiting for a sandbox: %w", p.name, context.Cause(ctx))
	}
}

// take returns an idle instance or a new one. Over the memory budget it waits for an idle instance instead
// of growing, as long as the model has one.
func (p *pool) take(ctx context.Context) (*instance, error) {
	if p.closed.Load() {
		return nil, fmt.Errorf("%s: %w", p.name, ErrClosed)
	}
	if in := p.popIdle(); in != nil {
		return in, nil
	}
	for p.host.overBudget() && p.instances.Load() > 0 {
		select {
		case <-p.returned:
			if in := p.popIdle(); in != nil {
				return in, nil
			}
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: waiting for a sandbox within the memory budget: %w", p.name, context.Cause(ctx))
		}
	}
	in, _, err := p.create(ctx)
	if err != nil {
		return nil, err
	}
	p.adopt(in)
	return in, nil
}

// popIdle takes the most recently used idle instance, or returns nil.
func (p *pool) popIdle() *instance {
	p.idleMu.Lock()
	defer p.idleMu.Unlock()
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	in := p.idle[n-1]
	p.idle = p.idle[:n-1]
	return in
}

// takeAllIdle empties the idle list and returns what it held.
func (p *pool) takeAllIdle() []*instance {
	p.idleMu.Lock()
	defer p.idleMu.Unlock()
	all := p.idle
	p.idle = nil
	return all
}

// adopt counts a new instance as the pool's.
func (p *pool) adopt(in *instance) {
	in.accounts = append(in.accounts, &p.memory)
	p.memory.Add(in.memoryBytes)
	p.instances.Add(1)
}

// give returns an instance after a call: to the idle set when healthy, else closed.
func (p *pool) give(in *instance) {
	in.updateMemory()
	if in.broken || in.abandoned || in.retire || p.closed.Load() {
		if in.broken || in.abandoned {
			p.discarded.Add(1)
		}
		p.retire(in)
		return
	}
	in.idleSince = time.Now()
	p.idleMu.Lock()
	p.idle = append(p.idle, in)
	p.idleMu.Unlock()
	select {
	case p.returned <- struct{}{}:
	default:
	}
}

func (p *pool) retire(in *instance) {
	p.instances.Add(-1)
	in.close(context.Background())
}

// releaseIdle closes instances idle since before cutoff, keeping the most recently used one so the model
// still answers at once.
func (p *pool) releaseIdle(cutoff time.Time) {
	p.idleMu.Lock()
	defer p.idleMu.Unlock()
	kept := p.idle[:0]
	for i, in := range p.idle {
		if i != len(p.idle)-1 && in.idleSince.Before(cutoff) {
			p.released.Add(1)
			p.retire(in)
			continue
		}
		kept = append(kept, in)
	}
	clear(p.idle[len(kept):])
	p.idle = kept
}

// close retires the idle instances and makes busy ones retire when their call returns.
func (p *pool) close(context.Context) {
	p.closed.Store(true)
	for _, in := range p.takeAllIdle() {
		p.retire(in)
	}
}
