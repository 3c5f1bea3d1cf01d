package hub

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"12":                            12 * time.Second,
		"-3":                            0,
		"soon":                          0,
		"Fri, 02 Jan 2026 03:04:35 GMT": 30 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0, // already past
	}
	for v, want := range tests {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}

func TestRetryDo(t *testing.T) {
	var waits []time.Duration
	p := Retry{Attempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Minute,
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}

	calls := 0
	err := p.Do(context.Background(), func(context.Context) error {
		calls++
		switch calls {
		case 1:
			return Retryable(fmt.Errorf("cut: %w", ErrNetwork), 0)
		case 2:
			return Retryable(fmt.Errorf("429: %w", ErrNetwork), 3*time.Second)
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
	if len(waits) != 2 || waits[0] < 50*time.Millisecond || waits[0] > 100*time.Millisecond || waits[1] != 3*time.Second {
		t.Errorf("waits = %v: want a jittered 50–100ms backoff, then the 3s asked for", waits)
	}

	calls = 0
	permanent := fmt.Errorf("gated: %w", ErrUnauthorized)
	if err := p.Do(context.Background(), func(context.Context) error { calls++; return permanent }); err != permanent || calls != 1 {
		t.Errorf("a permanent error was retried: %v after %d calls", err, calls)
	}

	calls = 0
	err = p.Do(context.Background(), func(context.Context) error { calls++; return Retryable(ErrNetwork, 0) })
	if !errors.Is(err, ErrNetwork) || calls != 4 {
		t.Errorf("err = %v after %d calls, want ErrNetwork after 4", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.Sleep = nil
	err = p.Do(ctx, func(context.Context) error { return Retryable(ErrNetwork, time.Hour/2) })
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrNetwork) {
		t.Errorf("cancelled wait: %v", err)
	}
}
