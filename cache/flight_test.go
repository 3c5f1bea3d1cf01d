package cache

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestFlightSharesOneRunAndStopsWhenEveryoneLeaves(t *testing.T) {
	var g flights
	var runs atomic.Int32
	started, finish := make(chan struct{}), make(chan struct{})
	slow := func(ctx context.Context) (*Model, error) {
		runs.Add(1)
		close(started)
		select {
		case <-finish:
			return &Model{ID: "acme/tiny"}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	// A caller that gives up does not stop the download the others still wait for.
	leaving, leave := context.WithCancel(context.Background())
	results := make(chan error, 2)
	go func() { _, err := g.do(leaving, "k", slow); results <- err }()
	<-started
	go func() {
		m, err := g.do(context.Background(), "k", func(context.Context) (*Model, error) { t.Error("second run"); return nil, nil })
		if err == nil && m.ID != "acme/tiny" {
			err = errors.New("wrong model")
		}
		results <- err
	}()
	waitFor(t, "the second caller to join", func() bool { g.mu.Lock(); defer g.mu.Unlock(); return g.m["k"].waiters == 2 })
	leave()
	if err := <-results; !errors.Is(err, context.Canceled) {
		t.Fatalf("leaving caller: %v", err)
	}
	close(finish)
	if err := <-results; err != nil {
		t.Fatalf("remaining caller: %v", err)
	}
	if runs.Load() != 1 {
		t.Errorf("%d runs, want 1", runs.Load())
	}

	// When the last caller leaves, the run is cancelled and forgotten.
	stopped := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	running := make(chan struct{})
	go g.do(ctx, "k2", func(ctx context.Context) (*Model, error) {
		close(running)
		<-ctx.Done()
		stopped <- ctx.Err()
		return nil, ctx.Err()
	})
	<-running
	cancel()
	if err := <-stopped; !errors.Is(err, context.Canceled) {
		t.Errorf("run context: %v", err)
	}
}
