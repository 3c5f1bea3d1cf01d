package hub

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// Retry is the policy for temporary failures (429, 5xx, cut or stalled connections): exponential backoff
// with jitter, or exactly the wait a server asks for with Retry-After.
type Retry struct {
	Attempts  int           // total attempts, at least 1
	BaseDelay time.Duration // first backoff; doubles per attempt
	MaxDelay  time.Duration // cap on backoff, and on an honoured Retry-After: a longer one ends the retries
	// Sleep waits for d or until ctx ends; nil means a real timer. Tests record the waits here.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnRetry, when set, hears about each failed attempt before the wait (for logging).
	OnRetry func(err error, wait time.Duration)
}

// DefaultRetry suits the public hubs: five attempts spread over about half a minute.
var DefaultRetry = Retry{Attempts: 5, BaseDelay: time.Second, MaxDelay: time.Minute}

// Do runs op until it succeeds, fails permanently, runs out of attempts or ctx ends.
func (p Retry) Do(ctx context.Context, op func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		asked, temporary := IsRetryable(err)
		if err == nil || !temporary || attempt >= p.Attempts {
			return err
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%w (%w)", ctx.Err(), err)
		}
		wait := asked
		if wait == 0 {
			wait = p.backoff(attempt)
		} else if p.MaxDelay > 0 && wait > p.MaxDelay {
			return fmt.Errorf("%w; the server asks to retry after %s", err, wait)
		}
		if p.OnRetry != nil {
			p.OnRetry(err, wait)
		}
		if serr := p.sleep(ctx, wait); serr != nil {
			return fmt.Errorf("%w (%w)", serr, err)
		}
	}
}

// backoff doubles BaseDelay per attempt up to MaxDelay and keeps a random half, so that many clients
// (pods sharing a hub) do not retry in step.
func (p Retry) backoff(attempt int) time.Duration {
	d := p.BaseDelay << min(attempt-1, 20)
	if p.MaxDelay > 0 && (d > p.MaxDelay || d <= 0) {
		d = p.MaxDelay
	}
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(half)
}

func (p Retry) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
