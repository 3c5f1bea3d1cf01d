package runtime

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestWithIdleWaitsForAnExistingInstance checks the path of a model's image: withIdle runs on an instance
// the pool has, once it is idle, and never creates one (a new instance would wait for that image).
func TestWithIdleWaitsForAnExistingInstance(t *testing.T) {
	ctx := context.Background()
	h := testHost(t)
	var p pool
	p.init(h, "test", 2, func(context.Context) (*instance, ModelInfo, error) {
		t.Error("withIdle created an instance")
		return nil, ModelInfo{}, errors.New("no instance may be created")
	})
	defer p.close(ctx)
	busy, err := h.newInstance(ctx, &h.tokenizer)
	if err != nil {
		t.Fatal(err)
	}
	p.adopt(busy) // in use by a request: not idle
	ran := make(chan *instance, 1)
	go func() {
		if err := p.withIdle(ctx, func(in *instance) error { ran <- in; return nil }); err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-ran:
		t.Fatal("withIdle ran while no instance was idle")
	case <-time.After(100 * time.Millisecond):
	}
	p.give(busy) // the request is done
	if in := <-ran; in != busy {
		t.Fatal("withIdle ran on another instance")
	}
}
