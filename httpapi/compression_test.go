package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/tokenizerd/tokenizerd/httpapi/client"
)

// plainClient dials the socket and leaves compressed bodies as they come.
func plainClient(sock string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DisableCompression: true,
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
}

func TestCompressedResponses(t *testing.T) {
	h := startServer(t, harnessOptions{defaultModel: gpt2})
	hc := plainClient(h.sock)
	defer hc.CloseIdleConnections()
	prompts := make([]string, 200)
	for i := range prompts {
		prompts[i] = strings.Repeat("The quick brown fox jumps over the lazy dog. ", 5)
	}
	bigBody, _ := json.Marshal(map[string]any{"prompt": prompts, "return_offsets": true})
	fetch := func(body []byte, acceptEncoding string) (string, []byte) {
		t.Helper()
		req, _ := http.NewRequest("POST", client.BaseURL+"/tokenize", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d %v", resp.StatusCode, err)
		}
		return resp.Header.Get("Content-Encoding"), out
	}
	encoding, plain := fetch(bigBody, "")
	if encoding != "" || len(plain) < compressMinBytes {
		t.Fatalf("uncompressed: encoding %q, %d bytes", encoding, len(plain))
	}
	for _, tc := range []struct{ accept, want string }{
		{"gzip", "gzip"}, {"zstd", "zstd"}, {"gzip, zstd", "zstd"}, {"gzip;q=1.0, zstd;q=0.5", "gzip"}, {"br", ""}, {"identity", ""},
	} {
		encoding, body := fetch(bigBody, tc.accept)
		if encoding != tc.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, encoding, tc.want)
			continue
		}
		var decoded []byte
		var err error
		switch encoding {
		case "gzip":
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(bytes.NewReader(body)); err == nil {
				decoded, err = io.ReadAll(zr)
			}
		case "zstd":
			var zr *zstd.Decoder
			if zr, err = zstd.NewReader(bytes.NewReader(body)); err == nil {
				decoded, err = io.ReadAll(zr)
				zr.Close()
			}
		default:
			decoded = body
		}
		if err != nil || !bytes.Equal(decoded, plain) {
			t.Errorf("Accept-Encoding %q: the decoded body differs (%v)", tc.accept, err)
		}
		if encoding != "" && len(body) >= len(plain)/2 {
			t.Errorf("Accept-Encoding %q: %d bytes compressed from %d", tc.accept, len(body), len(plain))
		}
	}
	// Small answers are not worth compressing.
	if encoding, _ := fetch([]byte(`{"prompt": "Hello world"}`), "gzip, zstd"); encoding != "" {
		t.Errorf("a short answer came %s-compressed", encoding)
	}
	// The client package asks for compression when told to, and undoes it.
	c := client.New(h.sock, client.WithCompression())
	defer c.Close()
	got, err := c.TokenizeBatch(context.Background(), prompts, client.TokenizeOptions{ReturnOffsets: true})
	if err != nil || len(got) != len(prompts) || len(got[199].Tokens) != len(got[199].Offsets) || len(got[0].Tokens) < 40 {
		t.Fatalf("through the client: %d encodings, %v", len(got), err)
	}
}
