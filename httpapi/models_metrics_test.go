package httpapi

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

type fakeCache struct{ models []CachedModel }

func (c fakeCache) List() ([]CachedModel, error) { return c.models, nil }
func (c fakeCache) Stats() CacheStats {
	return CacheStats{Hits: 3, Misses: 2, Downloads: 5, DownloadedBytes: 12345}
}

func TestModelsList(t *testing.T) {
	fetched := time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)
	cache := fakeCache{models: []CachedModel{
		{ID: gpt2, Revision: "607a30d783dfa663caf39e06633721c8d4cfcd7e", FetchedAt: fetched},
		{ID: "org/on-disk-only", Revision: "abc"},
	}}
	h := startServer(t, harnessOptions{defaultModel: gpt2, deps: Deps{Cache: cache}, ownRegistry: true})
	if _, err := h.registry.Get(context.Background(), qwen); err != nil {
		t.Fatal(err)
	}
	status, out := h.get(t, "/v1/models")
	var list struct {
		Object string            `json:"object"`
		Data   []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(out, &list); err != nil || status != 200 || list.Object != "list" || len(list.Data) != 3 {
		t.Fatalf("status %d body %s", status, out)
	}
	type card struct {
		ID        string `json:"id"`
		Object    string `json:"object"`
		Created   int64  `json:"created"`
		OwnedBy   string `json:"owned_by"`
		Cached    bool   `json:"cached"`
		Loaded    bool   `json:"loaded"`
		Instances int    `json:"instances"`
		Revision  string `json:"revision"`
	}
	cards := map[string]card{}
	var order []string
	for _, raw := range list.Data {
		var c card
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		if fields := decodeObject(t, raw); fields["object"] != "model" || fields["created"] == nil || fields["cached"] == nil || fields["revision"] == nil {
			t.Fatalf("not an OpenAI model object with tokenizerd's fields: %s", raw)
		}
		cards[c.ID] = c
		order = append(order, c.ID)
	}
	if got := strings.Join(order, " "); got != "Qwen/Qwen3 openai-community/gpt2 org/on-disk-only" {
		t.Errorf("models in the order %s, want sorted by id", got)
	}
	if c := cards[qwen]; c.Cached || !c.Loaded || c.Instances < 1 || c.OwnedBy != "Qwen" || c.Revision != "" {
		t.Errorf("loaded, not cached: %+v", c)
	}
	if c := cards["org/on-disk-only"]; !c.Cached || c.Loaded || c.Instances != 0 || c.Revision != "abc" {
		t.Errorf("cached, not loaded: %+v", c)
	}
	if c := cards[gpt2]; !c.Cached || !c.Loaded || c.Instances < 1 || c.Created != fetched.Unix() || c.OwnedBy != "openai-community" ||
		c.Revision != "607a30d783dfa663caf39e06633721c8d4cfcd7e" {
		t.Errorf("cached and loaded: %+v", c)
	}
}

func TestMetrics(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2, deps: Deps{CacheStats: fakeCache{}}, ownRegistry: true})
	for range 2 {
		tokenizeRaw(t, h, "Hello world")
	}
	h.postJSONRaw(t, "/tokenize", `{"prompt": "Hello", "model": "nobody/nothing"}`)
	h.postJSONRaw(t, "/detokenize", `{"tokens": [99999999]}`)
	h.get(t, "/no/such/path")
	status, out := h.get(t, "/metrics")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	text := string(out)
	for _, line := range []string{
		`tokenizerd_http_requests_total{code="200",endpoint="/tokenize",model="openai-community/gpt2"} 2`,
		`tokenizerd_http_request_duration_seconds_count{endpoint="/tokenize",model="openai-community/gpt2"} 2`,
		`tokenizerd_http_requests_total{code="404",endpoint="/tokenize",model=""} 1`,
		`tokenizerd_http_errors_total{endpoint="/tokenize",model="",type="NotFoundError"} 1`,
		`tokenizerd_http_errors_total{endpoint="/detokenize",model="openai-community/gpt2",type="BadRequestError"} 1`,
		`tokenizerd_http_requests_total{code="404",endpoint="unmatched",model=""} 1`,
		`tokenizerd_http_requests_in_flight 1`,
		`tokenizerd_ready 1`,
		`tokenizerd_models_loaded 1`,
		`tokenizerd_model_evictions_total 0`,
		`tokenizerd_sandbox_traps_total{model="openai-community/gpt2"} 0`,
		`tokenizerd_sandbox_queue_depth{model="openai-community/gpt2"} 0`,
		`tokenizerd_cache_hits_total 3`,
		`tokenizerd_cache_misses_total 2`,
		`tokenizerd_cache_downloads_total 5`,
		`tokenizerd_cache_downloaded_bytes_total 12345`,
	} {
		if !strings.Contains(text, "\n"+line+"\n") {
			t.Errorf("no line %s", line)
		}
	}
	for _, prefix := range []string{`tokenizerd_sandbox_instances{model="openai-community/gpt2"} `, `tokenizerd_sandbox_memory_bytes{model="openai-community/gpt2"} `,
		`tokenizerd_sandbox_abandoned_total{model="openai-community/gpt2"} `, `tokenizerd_sandbox_released_total{model="openai-community/gpt2"} `,
		"go_goroutines ", "process_resident_memory_bytes "} {
		if !strings.Contains(text, "\n"+prefix) {
			t.Errorf("no series %s", prefix)
		}
	}
	if strings.Contains(text, "nobody/nothing") || strings.Contains(text, "/no/such/path") {
		t.Errorf("a name sent by a client became a label")
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", text)
	}
}
