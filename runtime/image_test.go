package runtime

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

func encodeGoldenSample(t *testing.T, m *Model, name string) {
	t.Helper()
	records := reference.Golden(t, name)[:300]
	texts := make([]string, len(records))
	for i, r := range records {
		texts[i] = r.Text
	}
	got, err := m.Encode(context.Background(), texts, EncodeOptions{AddSpecialTokens: true, Offsets: true, CharOffsets: true, Tokens: true, Masks: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range records {
		if !r.AddSpecialTokens {
			continue
		}
		if d := diffEncoding(got[i], r); d != "" {
			t.Fatalf("record %d: %s", r.ID, d)
		}
	}
}

// TestModelImageLifecycle follows a model from its first load (JSON parsed, image made in the background,
// the parsing instance replaced by a lean one) to a restart (started from the cached image) and a damaged
// cache (parsed again).
func TestModelImageLifecycle(t *testing.T) {
	ctx := context.Background()
	const name = "Qwen/Qwen3"
	files := referenceFiles(t, name)
	dir := t.TempDir()
	cfg := Config{PoolSize: 1, ImageCacheDir: dir}

	h, err := NewHost(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m, err := h.Load(ctx, name, files)
	if err != nil {
		t.Fatal(err)
	}
	<-m.imageReady()
	cached, _ := filepath.Glob(filepath.Join(dir, "*.img"))
	if len(cached) != 1 {
		t.Fatalf("cached images: %v", cached)
	}
	s := m.Stats()
	if s.Instances != 1 || s.Discarded != 0 {
		t.Fatalf("after the image: %+v, want one lean instance", s)
	}
	// Issue 4's bound on a loaded Qwen3 instance.
	t.Logf("an instance built from the image: %.1f MiB of linear memory", float64(s.Memory)/(1<<20))
	if s.Memory > 20<<20 {
		t.Fatalf("an instance built from the image has %d MiB of linear memory, want at most 20", s.Memory>>20)
	}
	encodeGoldenSample(t, m, name)
	h.Close(ctx)

	// A restart starts from the cached image and never holds the JSON.
	h, err = NewHost(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	m, err = h.Load(ctx, name, files)
	if err != nil {
		t.Fatal(err)
	}
	if m.files.TokenizerJSON != nil || m.image == nil {
		t.Fatal("a restart with a cached image parsed the JSON")
	}
	encodeGoldenSample(t, m, name)

	// A damaged image, whether the file or the image inside, is dropped and the JSON parsed again.
	if err := os.WriteFile(cached[0], []byte("not zstd"), 0o600); err != nil {
		t.Fatal(err)
	}
	if m, err = h.Load(ctx, name, files); err != nil {
		t.Fatal(err)
	}
	<-m.imageReady()
	key := h.images.key(files.TokenizerJSON)
	h.images.put(key, []byte("not an image"))
	m, err = h.Load(ctx, name, files)
	if err != nil {
		t.Fatal(err)
	}
	<-m.imageReady()
	encodeGoldenSample(t, m, name)
	if img := h.images.get(h.images.key(files.TokenizerJSON)); img == nil {
		t.Fatal("the damaged image was not replaced")
	}
}

// TestImageIsMadeWhileRequestsArrive loads a model and sends requests at once: the image must come from
// the instance that parsed the JSON even while requests hold it, and the requests must wait for the image
// rather than parse again. An image taken through the request path could deadlock (its new instance would
// wait for the very image it was meant to make) when a request held the JSON-parsed instance at that moment:
// TestWithIdleWaitsForAnExistingInstance pins that ordering, which this test reaches only by chance.
func TestImageIsMadeWhileRequestsArrive(t *testing.T) {
	ctx := context.Background()
	m := loadOnOwnHost(t, Config{PoolSize: 2, CallTimeout: 10 * time.Minute}, nil, "gpt2", referenceFiles(t, "openai-community/gpt2"))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				if _, err := m.Encode(ctx, []string{"Hello world"}, EncodeOptions{}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	select {
	case <-m.imageReady():
	case <-time.After(time.Minute): // a deadlock, not a slow machine: the image takes well under a second
		t.Fatal("no image a minute after the load")
	}
	wg.Wait()
	if m.image == nil {
		t.Fatal("the model has no image")
	}
}

// TestImageWaitsForTheFirstCall checks that the making of a new model's image leaves the instance that
// parsed the JSON to the first call: with a grace too long to expire, no image exists until a call has
// returned, and one follows it.
func TestImageWaitsForTheFirstCall(t *testing.T) {
	ctx := context.Background()
	m := loadOnOwnHost(t, Config{PoolSize: 1}, func(h *Host) { h.imageGrace = time.Hour }, "tiny", Files{TokenizerJSON: []byte(tinyTokenizer)})
	time.Sleep(200 * time.Millisecond) // far longer than the tiny model's image takes to make
	select {
	case <-m.imageReady():
		t.Fatal("the image was made before any call")
	default:
	}
	if _, err := m.Encode(ctx, []string{"ab"}, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-m.imageReady():
	case <-time.After(time.Minute): // a missed signal, not a slow machine
		t.Fatal("no image a minute after the first call")
	}
	if m.image == nil {
		t.Fatal("the model has no image")
	}
}

// TestModelKeepsAnInstanceWhileItsImageIsMade watches a model's instances while the instance that parsed the
// JSON is traded for a lean one: the lean one must join before the other leaves, or /v1/models reports a
// loaded model with no instance and the next request waits for one to start.
func TestModelKeepsAnInstanceWhileItsImageIsMade(t *testing.T) {
	m := loadOnOwnHost(t, Config{PoolSize: 1}, nil, "gpt2", referenceFiles(t, "openai-community/gpt2"))
	for done := false; !done; {
		select {
		case <-m.imageReady():
			done = true
		default:
		}
		if n := m.Stats().Instances; n == 0 {
			t.Fatal("no instance while the image was made")
		}
	}
	if m.image == nil || m.Stats().Instances != 1 {
		t.Fatalf("after the image: %d instances, image %v; want the lean instance alone", m.Stats().Instances, m.image != nil)
	}
}

// loadOnOwnHost starts a host of cfg with an image cache of its own, lets adjust change it before the load,
// and loads the model on it; both are closed when the test ends.
func loadOnOwnHost(t *testing.T, cfg Config, adjust func(*Host), name string, files Files) *Model {
	t.Helper()
	ctx := context.Background()
	cfg.ImageCacheDir = t.TempDir()
	h, err := NewHost(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(ctx) })
	if adjust != nil {
		adjust(h)
	}
	m, err := h.Load(ctx, name, files)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(ctx) })
	return m
}
