//go:build !linux

package runtime

import "context"

// withGuestMemory keeps wazero's default linear memory where anonymous mappings are not set up.
func withGuestMemory(ctx context.Context) context.Context { return ctx }
