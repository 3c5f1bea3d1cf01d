package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are one server's Prometheus series, in a registry of its own (never the global one), so that two
// servers in one process (tests) do not share counters.
type metrics struct {
	handler  http.Handler
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	errors   *prometheus.CounterVec
	inFlight prometheus.Gauge
}

// latencyBuckets span a short prompt in a warm sandbox (~100µs) to a cold model load (seconds).
var latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

func newMetrics(s *Server) *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tokenizerd_http_requests_total", Help: "HTTP requests answered, by endpoint, model and status code.",
		}, []string{"endpoint", "model", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tokenizerd_http_request_duration_seconds", Help: "Time to answer an HTTP request, by endpoint and model.",
			Buckets: latencyBuckets,
		}, []string{"endpoint", "model"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tokenizerd_http_errors_total", Help: "HTTP requests answered with an error, by endpoint, model and error type.",
		}, []string{"endpoint", "model", "type"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tokenizerd_http_requests_in_flight", Help: "HTTP requests being answered now.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.errors, m.inFlight, &stateCollector{s: s},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Compression is the server's middleware's job on the socket; the probe port answers plain text.
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{DisableCompression: true})
	return m
}

func (m *metrics) serve(w http.ResponseWriter, r *http.Request) { m.handler.ServeHTTP(w, r) }

// observe counts one answered request.
func (m *metrics) observe(rec *requestRecord, status int, elapsed time.Duration) {
	if status == 0 {
		status = http.StatusOK // net/http answers 200 for a handler that wrote nothing
	}
	endpoint := rec.endpoint
	if endpoint == "" {
		endpoint = "unmatched" // the path a client sent must not become a label
	}
	m.requests.WithLabelValues(endpoint, rec.model, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(endpoint, rec.model).Observe(elapsed.Seconds())
	if rec.errKind != "" {
		m.errors.WithLabelValues(endpoint, rec.model, rec.errKind).Inc()
	}
}

// stateCollector reads the sandboxes' and the cache's counters when Prometheus scrapes.
type stateCollector struct{ s *Server }

var (
	descReady     = prometheus.NewDesc("tokenizerd_ready", "1 when the server is ready for traffic.", nil, nil)
	descLoaded    = prometheus.NewDesc("tokenizerd_models_loaded", "Models loaded now.", nil, nil)
	descEvictions = prometheus.NewDesc("tokenizerd_model_evictions_total", "Models evicted to make room for others.", nil, nil)
	descInstances = prometheus.NewDesc("tokenizerd_sandbox_instances", "Live sandbox instances, by model.", []string{"model"}, nil)
	descTraps     = prometheus.NewDesc("tokenizerd_sandbox_traps_total",
		"Sandbox instances discarded after a trap, panic or running out of memory, by model.", []string{"model"}, nil)
	descQueue = prometheus.NewDesc("tokenizerd_sandbox_queue_depth",
		"Requests waiting for a busy sandbox, by model.", []string{"model"}, nil)
	descAbandoned = prometheus.NewDesc("tokenizerd_sandbox_abandoned_total",
		"Sandbox instances abandoned because they did not stop when cancelled, by model.", []string{"model"}, nil)
	descReleased = prometheus.NewDesc("tokenizerd_sandbox_released_total",
		"Idle sandbox instances closed to give memory back, by model.", []string{"model"}, nil)
	descMemory = prometheus.NewDesc("tokenizerd_sandbox_memory_bytes",
		"Linear memory of the live sandbox instances, by model.", []string{"model"}, nil)
	descCacheHits      = prometheus.NewDesc("tokenizerd_cache_hits_total", "Models found in the cache on disk.", nil, nil)
	descCacheMisses    = prometheus.NewDesc("tokenizerd_cache_misses_total", "Models that had to be fetched.", nil, nil)
	descCacheDownloads = prometheus.NewDesc("tokenizerd_cache_downloads_total", "Model files downloaded.", nil, nil)
	descCacheBytes     = prometheus.NewDesc("tokenizerd_cache_downloaded_bytes_total", "Bytes of model files downloaded.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descReady, descLoaded, descEvictions, descInstances, descTraps, descQueue,
		descAbandoned, descReleased, descMemory} {
		ch <- d
	}
	if c.s.deps.CacheStats != nil {
		for _, d := range []*prometheus.Desc{descCacheHits, descCacheMisses, descCacheDownloads, descCacheBytes} {
			ch <- d
		}
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ready := 0.0
	if ok, _ := c.s.ready(); ok {
		ready = 1
	}
	ch <- prometheus.MustNewConstMetric(descReady, prometheus.GaugeValue, ready)
	models := c.s.deps.Models
	loaded := models.Loaded()
	ch <- prometheus.MustNewConstMetric(descLoaded, prometheus.GaugeValue, float64(len(loaded)))
	ch <- prometheus.MustNewConstMetric(descEvictions, prometheus.CounterValue, float64(models.Evicted()))
	for _, m := range loaded {
		st, name := m.Stats(), m.Name()
		ch <- prometheus.MustNewConstMetric(descInstances, prometheus.GaugeValue, float64(st.Instances), name)
		ch <- prometheus.MustNewConstMetric(descTraps, prometheus.CounterValue, float64(st.Discarded), name)
		ch <- prometheus.MustNewConstMetric(descQueue, prometheus.GaugeValue, float64(st.Waiting), name)
		ch <- prometheus.MustNewConstMetric(descAbandoned, prometheus.CounterValue, float64(st.Abandoned), name)
		ch <- prometheus.MustNewConstMetric(descReleased, prometheus.CounterValue, float64(st.Released), name)
		ch <- prometheus.MustNewConstMetric(descMemory, prometheus.GaugeValue, float64(st.Memory), name)
	}
	if c.s.deps.CacheStats != nil {
		st := c.s.deps.CacheStats.Stats()
		ch <- prometheus.MustNewConstMetric(descCacheHits, prometheus.CounterValue, float64(st.Hits))
		ch <- prometheus.MustNewConstMetric(descCacheMisses, prometheus.CounterValue, float64(st.Misses))
		ch <- prometheus.MustNewConstMetric(descCacheDownloads, prometheus.CounterValue, float64(st.Downloads))
		ch <- prometheus.MustNewConstMetric(descCacheBytes, prometheus.CounterValue, float64(st.DownloadedBytes))
	}
}
