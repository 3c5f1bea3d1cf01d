package httpapi

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// Config of the HTTP layer. The env tags are read by cmd/tokenizerd.
type Config struct {
	SocketPath string   `env:"SOCKET_PATH" envDefault:"/tmp/tokenizer/tokenizer-uds.socket"`
	SocketMode FileMode `env:"SOCKET_MODE" envDefault:"0660"`
	// MaxBodyBytes bounds a request body; larger ones are answered 413.
	MaxBodyBytes int64 `env:"MAX_BODY_BYTES" envDefault:"16777216"`
	// MaxBatchSize bounds the prompts (or token lists) of one request; more are answered 413.
	MaxBatchSize int `env:"MAX_BATCH_SIZE" envDefault:"1024"`
	// RequestTimeout is the deadline of one request, body read included; past it the answer is 504.
	RequestTimeout time.Duration `env:"REQUEST_TIMEOUT" envDefault:"30s"`
	// ShutdownTimeout is how long in-flight requests may finish once shutdown starts.
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"20s"`
	// ProbePort, when not 0, opens a TCP listener serving only the health endpoints and /metrics.
	ProbePort int `env:"PROBE_PORT"`
	// AllowRequestChatTemplate lets a request bring its own chat template (chat_template with Jinja markup).
	// Off by default: the template then runs in the sandbox within its limits, but it is the client's code.
	// A template name is accepted either way.
	AllowRequestChatTemplate bool `env:"ALLOW_REQUEST_CHAT_TEMPLATE" envDefault:"false"`

	// The llm-d settings, which POST /config changes at run time.

	// AddSpecialTokens of the raw-text /tokenize; unset (or "none") means true, as in llm-d.
	AddSpecialTokens OptionalBool `env:"ADD_SPECIAL_TOKENS"`
	// EnableThinking and AddGenerationPrompt are kept for chat-template rendering.
	EnableThinking      bool `env:"ENABLE_THINKING" envDefault:"false"`
	AddGenerationPrompt bool `env:"ADD_GENERATION_PROMPT" envDefault:"true"`
}

// withDefaults fills the limits a zero Config leaves at zero, so that a zero limit never means "refuse all".
func (c Config) withDefaults() Config {
	if c.SocketPath == "" {
		c.SocketPath = "/tmp/tokenizer/tokenizer-uds.socket"
	}
	if c.SocketMode == 0 {
		c.SocketMode = 0o660
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 16 << 20
	}
	if c.MaxBatchSize <= 0 {
		c.MaxBatchSize = 1024
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 20 * time.Second
	}
	return c
}

// FileMode is a permission mode written in octal, as in SOCKET_MODE=0660.
type FileMode fs.FileMode

// UnmarshalText parses an octal mode.
func (m *FileMode) UnmarshalText(text []byte) error {
	v, err := strconv.ParseUint(string(text), 8, 32)
	if err != nil || v > 0o777 {
		return fmt.Errorf("file mode %q: want octal permission bits such as 0660", text)
	}
	*m = FileMode(v)
	return nil
}

func (m FileMode) String() string { return fmt.Sprintf("%#o", uint32(m)) }

// OptionalBool is true, false or unset. It reads llm-d's spelling, where "none" (or nothing) means unset,
// and shows as JSON null when unset.
type OptionalBool struct {
	Value bool
	Set   bool
}

// Some returns a set OptionalBool.
func Some(v bool) OptionalBool { return OptionalBool{Value: v, Set: true} }

// Or is the value, or def when unset.
func (b OptionalBool) Or(def bool) bool {
	if b.Set {
		return b.Value
	}
	return def
}

// UnmarshalText reads "", "none", or a boolean as strconv.ParseBool spells it.
func (b *OptionalBool) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	if s == "" || strings.EqualFold(s, "none") || strings.EqualFold(s, "null") {
		*b = OptionalBool{}
		return nil
	}
	v, err := strconv.ParseBool(strings.ToLower(s))
	if err != nil {
		return fmt.Errorf("%q: want true, false or none", s)
	}
	*b = Some(v)
	return nil
}

// MarshalJSON writes true, false or null.
func (b OptionalBool) MarshalJSON() ([]byte, error) {
	if !b.Set {
		return []byte("null"), nil
	}
	return strconv.AppendBool(nil, b.Value), nil
}

// UnmarshalJSON reads true, false or null.
func (b *OptionalBool) UnmarshalJSON(data []byte) error {
	var v *bool
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*b = OptionalBool{}
	if v != nil {
		*b = Some(*v)
	}
	return nil
}

// FileMode is the mode as the os package spells it.
func (m FileMode) FileMode() fs.FileMode { return fs.FileMode(m) }
