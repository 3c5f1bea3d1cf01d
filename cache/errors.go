package cache

import (
	"errors"

	"github.com/tokenizerd/tokenizerd/cache/hub"
)

// The failures callers branch on (httpapi maps them to status codes); use errors.Is.
var (
	ErrInvalidName      = errors.New("invalid model name")
	ErrNotFound         = hub.ErrNotFound
	ErrUnauthorized     = hub.ErrUnauthorized // gated repository, missing or refused token
	ErrRevisionNotFound = hub.ErrRevisionNotFound
	ErrOffline          = errors.New("offline and not cached")
	ErrNetwork          = hub.ErrNetwork
	ErrChecksum         = errors.New("checksum mismatch")
	ErrTooLarge         = errors.New("file too large")
)
