package hub

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The failures callers branch on. Every error a Source returns wraps exactly one of them, or the context's error.
var (
	ErrNotFound         = errors.New("not found")
	ErrUnauthorized     = errors.New("unauthorized")
	ErrRevisionNotFound = errors.New("revision not found")
	ErrNetwork          = errors.New("network failure")
)

// ErrEntryNotFound is a file missing from a repository that exists: fine for optional files.
var ErrEntryNotFound = fmt.Errorf("file %w in repository", ErrNotFound)

// retryable marks an error worth another attempt, optionally after a delay the server asked for.
type retryable struct {
	err   error
	after time.Duration
}

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// Retryable marks err as temporary; after > 0 is the wait the server asked for (Retry-After).
func Retryable(err error, after time.Duration) error {
	return &retryable{err: err, after: after}
}

// IsRetryable reports whether err was marked temporary, and the wait the server asked for.
func IsRetryable(err error) (after time.Duration, ok bool) {
	var r *retryable
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}

// statusError turns a failed response's status into a temporary network error (429, 5xx) or a permanent one.
func statusError(resp *http.Response, what string) error {
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable || code == http.StatusRequestTimeout:
		return Retryable(fmt.Errorf("%s: HTTP %d: %w", what, code, ErrNetwork), retryAfter(resp.Header.Get("Retry-After"), time.Now()))
	case code >= 500:
		return Retryable(fmt.Errorf("%s: HTTP %d: %w", what, code, ErrNetwork), 0)
	default:
		return fmt.Errorf("%s: unexpected HTTP %d: %w", what, code, ErrNetwork)
	}
}

// retryAfter reads a Retry-After value: delay seconds or an HTTP date. Zero when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
