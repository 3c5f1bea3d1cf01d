package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

const userAgent = "tokenizerd"

// maxRedirects bounds redirect chains (the hubs use one: resolve → CDN).
const maxRedirects = 10

// Transport sends requests for both hubs: credentials stay on the host they were meant for, and an
// attempt that receives nothing for Stall is abandoned as a temporary network failure.
type Transport struct {
	follow   *http.Client // follows redirects, dropping credentials on a change of host
	noFollow *http.Client // returns 3xx answers as they are (HEAD of an LFS file)
	stall    time.Duration
}

// NewTransport wraps client (nil: a client with the default transport). The client itself is not changed.
func NewTransport(client *http.Client, stall time.Duration) *Transport {
	if client == nil {
		client = &http.Client{}
	}
	follow := *client
	inner := client.CheckRedirect
	follow.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		// Go's client keeps Authorization for subdomains (cdn-lfs.huggingface.co); a CDN must never see the token.
		if req.URL.Host != via[0].URL.Host {
			req.Header.Del("Authorization")
			req.Header.Del("Cookie")
		}
		if inner != nil {
			return inner(req, via)
		}
		return nil
	}
	noFollow := *client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Transport{follow: &follow, noFollow: &noFollow, stall: stall}
}

var errStalled = errors.New("connection stalled")

// send performs one attempt. Transport failures come back as temporary ErrNetwork errors; the response
// body is watched for stalls until it is closed.
func (t *Transport) send(ctx context.Context, req *http.Request, followRedirects bool) (*http.Response, error) {
	req.Header.Set("User-Agent", userAgent)
	client := t.noFollow
	if followRedirects {
		client = t.follow
	}
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{cancel: cancel, stall: t.stall}
	w.arm()
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		err = t.networkError(ctx, req, err)
		w.stop()
		return nil, err
	}
	resp.Body = &watchedBody{body: resp.Body, dog: w, ctx: ctx, t: t, req: req}
	return resp, nil
}

func (t *Transport) networkError(ctx context.Context, req *http.Request, err error) error {
	what := req.Method + " " + redact(req)
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errStalled):
		return Retryable(fmt.Errorf("%s: no data for %s: %w", what, t.stall, ErrNetwork), 0)
	case cause != nil:
		// The caller's own cancellation or deadline: not a network failure, not retried.
		return fmt.Errorf("%s: %w", what, cause)
	default:
		return Retryable(fmt.Errorf("%s: %w: %w", what, ErrNetwork, unwrapURLError(err)), 0)
	}
}

// redact names a request without its query string, which may carry signatures.
func redact(req *http.Request) string {
	u := *req.URL
	u.RawQuery, u.User = "", nil
	return u.String()
}

// unwrapURLError drops url.Error's "Get \"…\":" prefix, which repeats the URL with its query.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// watchdog cancels an attempt when no progress is made for stall.
type watchdog struct {
	mu     sync.Mutex
	timer  *time.Timer
	stall  time.Duration
	cancel context.CancelCauseFunc
}

func (w *watchdog) arm() {
	if w.stall <= 0 {
		return
	}
	w.timer = time.AfterFunc(w.stall, func() { w.cancel(errStalled) })
}

func (w *watchdog) progress() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Reset(w.stall)
	}
}

func (w *watchdog) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	w.cancel(nil)
}

// watchedBody resets the watchdog on every read and reports a stall or a cut as a temporary network error.
type watchedBody struct {
	body io.ReadCloser
	dog  *watchdog
	ctx  context.Context
	t    *Transport
	req  *http.Request
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 {
		b.dog.progress()
	}
	if err != nil && err != io.EOF {
		return n, b.t.networkError(b.ctx, b.req, err)
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.dog.stop()
	return b.body.Close()
}
