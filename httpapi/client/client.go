// Package client calls tokenizerd over its unix socket: Tokenize, Detokenize and RenderChat in vLLM's shapes. It
// depends on nothing of the server, so that callers do not pull in the sandbox runtime.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
)

// BaseURL is the URL the client sends requests to; over a unix socket only its path matters (llm-d's client
// uses the same host name).
const BaseURL = "http://tokenizer"

// Client calls one tokenizerd server. It is safe for concurrent use and keeps connections open between
// calls; Close releases them.
type Client struct {
	http *http.Client
}

// Option changes how the client calls.
type Option func(*options)

type options struct {
	client    *http.Client
	transport *http.Transport
	compress  bool
}

// WithTimeout bounds every call, whatever its context says (default: none beyond the context).
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.client.Timeout = d }
}

// WithMaxConnections caps the connections kept open to the server (default 64).
func WithMaxConnections(n int) Option {
	return func(o *options) { o.transport.MaxIdleConnsPerHost, o.transport.MaxIdleConns = n, n }
}

// WithCompression asks for large answers compressed (zstd, else gzip) and undoes it. Over a local socket
// compressing costs more time than it saves; it pays off for very large batches on a busy machine.
func WithCompression() Option {
	return func(o *options) { o.compress = true }
}

// New returns a client dialing the unix socket at socketPath.
func New(socketPath string, opts ...Option) *Client {
	var dialer net.Dialer
	t := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, "unix", socketPath)
		},
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // else net/http asks for gzip on its own
	}
	o := options{client: &http.Client{Transport: t}, transport: t}
	for _, opt := range opts {
		opt(&o)
	}
	if o.compress {
		o.client.Transport = gzhttp.Transport(t)
	}
	return &Client{http: o.client}
}

// HTTP is the underlying HTTP client, for the endpoints this package has no method for. URLs start with
// BaseURL.
func (c *Client) HTTP() *http.Client { return c.http }

// Close closes the idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Error is an error answer of the server.
type Error struct {
	StatusCode int
	Type       string // vLLM's error type, such as "BadRequestError"
	Param      string // the request field at fault, when the server says
	Message    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("tokenizerd: %d %s: %s", e.StatusCode, e.Type, e.Message)
}

// call posts req as JSON to path and decodes a 200 answer into resp.
func (c *Client) call(ctx context.Context, path string, req, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("tokenizerd: encoding the request: %w", err)
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("tokenizerd: %w", err)
	}
	hr.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(hr)
	if err != nil {
		return fmt.Errorf("tokenizerd: %w", err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("tokenizerd: reading the answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return decodeError(res.StatusCode, data)
	}
	if err := json.Unmarshal(data, resp); err != nil {
		return fmt.Errorf("tokenizerd: decoding the answer: %w", err)
	}
	return nil
}

// decodeError reads either error shape the server answers with.
func decodeError(status int, data []byte) *Error {
	var body struct {
		Error *struct {
			Message string  `json:"message"`
			Type    string  `json:"type"`
			Param   *string `json:"param"`
		} `json:"error"`
		Message string `json:"message"`
	}
	e := &Error{StatusCode: status, Type: http.StatusText(status)}
	switch {
	case json.Unmarshal(data, &body) != nil:
		e.Message = strings.TrimSpace(string(data))
	case body.Error != nil:
		e.Type, e.Message = body.Error.Type, body.Error.Message
		if body.Error.Param != nil {
			e.Param = *body.Error.Param
		}
	default:
		e.Message = body.Message
	}
	return e
}
