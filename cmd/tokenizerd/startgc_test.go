package main

import (
	"context"
	"runtime/debug"
	"testing"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// TestCollectorWaitsForTheDefaultModel holds the default model's load until the test has seen the collector
// off under the start's heap limit, then checks that both settings come back once the model is loaded.
func TestCollectorWaitsForTheDefaultModel(t *testing.T) {
	ctx := context.Background()
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	host, err := runtime.NewHost(ctx, runtime.Config{InProcess: true})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	load := func(context.Context, string) (runtime.Files, error) {
		<-release
		return runtime.Files{TokenizerJSON: []byte(`{"model":{"type":"BPE","vocab":{"a":0},"merges":[]}}`)}, nil
	}
	registry := runtime.NewRegistry(host, load, 1)
	defer registry.Close(ctx)

	done := holdGCUntilLoaded(ctx, registry, "tiny")
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("while the model loads: GC percent %d, want the collector off", p)
	}
	if l := debug.SetMemoryLimit(-1); l != startHeapLimit {
		t.Errorf("while the model loads: memory limit %d, want %d", l, startHeapLimit)
	}
	close(release)
	<-done
	if p := debug.SetGCPercent(77); p != 77 {
		t.Errorf("after the load: GC percent %d, want 77 back", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Errorf("after the load: memory limit %d, want 1<<40 back", l)
	}
	if _, err := registry.Get(ctx, "tiny"); err != nil {
		t.Fatalf("the model did not load: %v", err)
	}
}

func TestCollectorIsLeftAloneWithoutADefaultModel(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	<-holdGCUntilLoaded(context.Background(), nil, "")
	if p := debug.SetGCPercent(77); p != 77 {
		t.Fatalf("GC percent %d, want 77 untouched", p)
	}
}
