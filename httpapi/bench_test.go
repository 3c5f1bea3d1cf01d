package httpapi

import (
	"context"
	"os"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
	"github.com/tokenizerd/tokenizerd/internal/reference"
	"github.com/tokenizerd/tokenizerd/runtime"
)

// benchPrompts cuts the benchmark corpus into 1 KiB prompts (at character boundaries).
func benchPrompts(b *testing.B) []string {
	data, err := os.ReadFile(reference.Path(b, "corpus", "bench_mixed.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var prompts []string
	for len(data) >= 1024 && len(prompts) < 512 {
		n := 1024
		for n > 0 && !utf8.RuneStart(data[n]) {
			n--
		}
		prompts = append(prompts, string(data[:n]))
		data = data[n:]
	}
	return prompts
}

// latencies collects the duration of every request of a benchmark.
type latencies struct {
	mu  sync.Mutex
	all []time.Duration
}

func (l *latencies) add(d []time.Duration) {
	l.mu.Lock()
	l.all = append(l.all, d...)
	l.mu.Unlock()
}

func (l *latencies) percentile(q float64) time.Duration {
	if len(l.all) == 0 {
		return 0
	}
	slices.Sort(l.all)
	return l.all[min(len(l.all)-1, int(q*float64(len(l.all))))]
}

// report sets requests/s and the p50 and p99 latencies, and returns the p50.
func (l *latencies) report(b *testing.B, elapsed time.Duration) time.Duration {
	b.ReportMetric(float64(len(l.all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(l.percentile(0.99).Microseconds()), "p99-µs")
	p50 := l.percentile(0.5)
	b.ReportMetric(float64(p50.Microseconds()), "p50-µs")
	return p50
}

// measure runs do for b.N requests, one at a time or over GOMAXPROCS goroutines, timing each.
func measure(b *testing.B, concurrent bool, prompts []string, do func(prompt string) error) time.Duration {
	var lat latencies
	loop := func(next func() bool) {
		var mine []time.Duration
		for i := 0; next(); i += 7 {
			t0 := time.Now()
			if err := do(prompts[i%len(prompts)]); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		lat.add(mine)
	}
	b.ResetTimer()
	start := time.Now()
	if concurrent {
		b.RunParallel(func(pb *testing.PB) { loop(pb.Next) })
	} else {
		n := 0
		loop(func() bool { n++; return n <= b.N })
	}
	elapsed := time.Since(start)
	b.StopTimer()
	return lat.report(b, elapsed)
}

// BenchmarkTokenize compares 1 KiB prompts tokenized by Qwen3 through the whole service (client, unix
// socket, HTTP, JSON) with the same calls made directly on the model.
//
// serial alternates a direct call and a call over the socket on the same prompt, one at a time, so that
// both see the same machine (a shared one is noisy): the difference is the latency the HTTP layer adds.
// parallel/* keep GOMAXPROCS requests in flight, every sandbox busy: requests/s and tail latency.
// Run it for a fixed time, without -cpu (the pool has two sandboxes):
//
//	go test -run '^$' -bench Tokenize -benchtime 10s ./httpapi/
func BenchmarkTokenize(b *testing.B) {
	prompts := benchPrompts(b)
	h := startServer(b, harnessOptions{defaultModel: qwen})
	model := warmPool(b, h, qwen, prompts)
	opts := runtime.EncodeOptions{AddSpecialTokens: true}
	direct := func(p string) error {
		_, err := model.Encode(context.Background(), []string{p}, opts)
		return err
	}
	socket := func(p string) error {
		_, err := h.client.Tokenize(context.Background(), p, client.TokenizeOptions{})
		return err
	}
	b.Run("serial", func(b *testing.B) {
		var directLat, socketLat latencies
		timed := func(lat *latencies, do func(string) error, p string) {
			t0 := time.Now()
			if err := do(p); err != nil {
				b.Fatal(err)
			}
			lat.all = append(lat.all, time.Since(t0))
		}
		b.ResetTimer()
		for i := range b.N {
			p := prompts[(7*i)%len(prompts)]
			timed(&directLat, direct, p)
			timed(&socketLat, socket, p)
		}
		b.StopTimer()
		d, s := directLat.percentile(0.5), socketLat.percentile(0.5)
		b.ReportMetric(float64(d.Microseconds()), "direct-p50-µs")
		b.ReportMetric(float64(s.Microseconds()), "socket-p50-µs")
		b.ReportMetric(float64(socketLat.percentile(0.99).Microseconds()), "socket-p99-µs")
		b.ReportMetric(100*float64(s-d)/float64(d), "overhead-p50-%")
	})
	for _, way := range []string{"direct", "socket"} {
		do := map[string]func(string) error{"direct": direct, "socket": socket}[way]
		b.Run("parallel/"+way, func(b *testing.B) {
			measure(b, true, prompts, do)
			h.client.Close()
			goroutines, heap := settle()
			b.ReportMetric(float64(goroutines), "goroutines-after")
			b.ReportMetric(float64(heap>>20), "heap-MiB-after")
		})
	}
}

// BenchmarkHTTPLayer measures what the HTTP layer alone adds to a request (client, socket, server, JSON
// both ways), one request at a time: the p50 of a request through the socket less that of the same
// direct call, to a tokenizer and a prompt so small that the sandbox's share is as small as it gets.
func BenchmarkHTTPLayer(b *testing.B) {
	h := startServer(b, harnessOptions{defaultModel: tiny})
	model := warmPool(b, h, tiny, []string{"ab"})
	prompts := []string{strings.Repeat("ab", 16)}
	var directP50 time.Duration
	b.Run("direct", func(b *testing.B) {
		directP50 = measure(b, false, prompts, func(p string) error {
			_, err := model.Encode(context.Background(), []string{p}, runtime.EncodeOptions{AddSpecialTokens: true})
			return err
		})
	})
	b.Run("socket", func(b *testing.B) {
		b.ReportAllocs()
		p50 := measure(b, false, prompts, func(p string) error {
			_, err := h.client.Tokenize(context.Background(), p, client.TokenizeOptions{})
			return err
		})
		b.ReportMetric(float64((p50 - directP50).Microseconds()), "added-p50-µs")
	})
}

// warmPool starts every sandbox of the model's pool before anything is measured: a new instance parses
// the tokenizer again, which is not what the benchmarks measure.
func warmPool(b *testing.B, h *harness, name string, prompts []string) *runtime.Model {
	model, err := h.registry.Get(context.Background(), name)
	if err != nil {
		b.Fatal(err)
	}
	long := []string{strings.Join(prompts, "")} // long enough for the calls to overlap
	for range 20 {
		if model.Stats().Instances >= 2 {
			break
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if _, err := model.Encode(context.Background(), long, runtime.EncodeOptions{}); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
	return model
}

// settle lets finished goroutines exit and collects garbage, then returns the goroutine count and live heap.
func settle() (int, uint64) {
	var ms goruntime.MemStats
	for range 50 {
		goruntime.GC()
		time.Sleep(2 * time.Millisecond)
	}
	goruntime.ReadMemStats(&ms)
	return goruntime.NumGoroutine(), ms.HeapAlloc
}
