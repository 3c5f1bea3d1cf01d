package runtime

import (
	"errors"
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/abi"
)

// Errors callers branch on with errors.Is.
var (
	// ErrBadInput: the request was refused by the guest (invalid UTF-8, an unknown id, a malformed frame).
	ErrBadInput = errors.New("invalid input")
	// ErrBadModel: the tokenizer file could not be loaded.
	ErrBadModel = errors.New("invalid tokenizer")
	// ErrSandbox: the sandbox trapped, ran out of memory or panicked; the instance was discarded.
	ErrSandbox = errors.New("sandbox failure")
	// ErrOverloaded: every instance of the model is busy and the queue is full.
	ErrOverloaded = errors.New("overloaded")
	// ErrClosed: the model or host was closed.
	ErrClosed = errors.New("closed")
	// ErrTooLarge: the input exceeds the configured limit.
	ErrTooLarge = errors.New("input too large")
	// ErrTemplate: the chat template refused the request (raise_exception), failed, or exceeded its limits.
	ErrTemplate = errors.New("chat template error")
	// ErrNoTemplate: the model has no chat template and the request brought none.
	ErrNoTemplate = errors.New("no chat template")
)

// GuestError is an error reported by the guest with a status code and its message.
type GuestError struct {
	Status  abi.Status
	Message string
}

func (e *GuestError) Error() string { return fmt.Sprintf("sandbox: %s: %s", e.Status, e.Message) }

// Is maps guest statuses onto the package's error values.
func (e *GuestError) Is(target error) bool {
	switch e.Status {
	case abi.StatusBadRequest:
		return target == ErrBadInput
	case abi.StatusBadModel:
		return target == ErrBadModel
	case abi.StatusInternal:
		return target == ErrSandbox
	case abi.StatusTooLarge:
		return target == ErrTooLarge
	case abi.StatusTemplate:
		return target == ErrTemplate
	case abi.StatusNoTemplate:
		return target == ErrNoTemplate
	}
	return false
}
