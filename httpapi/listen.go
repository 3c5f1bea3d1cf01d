package httpapi

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ErrSocketInUse: another server answers on the socket path.
var ErrSocketInUse = errors.New("socket is in use by a running server")

// Listen creates the unix socket: its folder with tight permissions when missing, a stale socket file
// removed, and a refusal when a live server already answers on it or the path is not a socket.
func Listen(path string, mode fs.FileMode) (net.Listener, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("httpapi: socket folder: %w", err)
	}
	switch st, err := os.Lstat(path); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("httpapi: %w", err)
	case st.Mode().Type() != fs.ModeSocket:
		return nil, fmt.Errorf("httpapi: %s exists and is not a socket; refusing to replace it", path)
	default:
		if conn, err := net.DialTimeout("unix", path, time.Second); err == nil {
			conn.Close()
			return nil, fmt.Errorf("httpapi: %s: %w", path, ErrSocketInUse)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("httpapi: removing stale socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("httpapi: %w", err)
	}
	if err := os.Chmod(path, mode); err != nil {
		ln.Close()
		return nil, fmt.Errorf("httpapi: socket mode: %w", err)
	}
	return ln, nil
}

// ListenProbe opens the TCP probe listener on every interface, as Kubernetes probes need; nil when port is 0.
func ListenProbe(port int) (net.Listener, error) {
	if port == 0 {
		return nil, nil
	}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(port))
	if err != nil {
		return nil, fmt.Errorf("httpapi: probe port: %w", err)
	}
	return ln, nil
}
