package runtime

import (
	goruntime "runtime"
	"time"
)

// Config bounds the sandboxes. The env tags are read by cmd/tokenizerd.
type Config struct {
	// InProcess runs tokenizers natively in the service's process instead of in sandboxes: faster, but a
	// hostile model file or chat template is then unbounded. Only for trusted models.
	InProcess bool `env:"IN_PROCESS"`
	// CompilationCacheDir keeps the machine code wazero compiles from the guests, so a restart skips compiling.
	// Empty keeps it in memory only.
	CompilationCacheDir string `env:"COMPILATION_CACHE_DIR"`
	// ImageCacheDir keeps each model's image (its parsed form) so that a restart skips parsing tokenizer.json.
	// Empty keeps images in memory only.
	ImageCacheDir string `env:"IMAGE_CACHE_DIR"`
	// MemoryLimitMiB caps the linear memory of each sandbox instance.
	MemoryLimitMiB uint32 `env:"SANDBOX_MEMORY_MIB" envDefault:"512"`
	// PoolSize is the number of instances per model, the model's concurrency; 0 means one per CPU.
	PoolSize int `env:"POOL_SIZE" envDefault:"0"`
	// QueueSize is how many requests may wait for a busy model before new ones fail as overloaded.
	QueueSize int `env:"QUEUE_SIZE" envDefault:"256"`
	// MaxTextBytes caps one text sent to a sandbox. Before the guest splits a text into pieces, between which
	// it polls for cancellation, it scans the whole text; the cap keeps that scan well inside any deadline.
	MaxTextBytes int `env:"SANDBOX_MAX_TEXT_BYTES" envDefault:"16777216"`
	// CallTimeout bounds one call into a sandbox, whatever the caller's deadline.
	CallTimeout time.Duration `env:"SANDBOX_CALL_TIMEOUT" envDefault:"30s"`
	// MemoryBudgetMiB caps the linear memory of all sandboxes together: over it, pools stop growing and the
	// least recently used models are evicted. 0 means no budget.
	MemoryBudgetMiB int64 `env:"MEMORY_BUDGET_MIB" envDefault:"4096"`
	// CancelGrace is how long a cancelled call may take to stop before its instance is abandoned.
	CancelGrace time.Duration `env:"SANDBOX_CANCEL_GRACE" envDefault:"2s"`
	// IdleTimeout is how long an instance may sit unused before it is closed; each model keeps one.
	IdleTimeout time.Duration `env:"SANDBOX_IDLE_TIMEOUT" envDefault:"5m"`
}

func (c Config) poolSize() int {
	if c.PoolSize > 0 {
		return c.PoolSize
	}
	return goruntime.GOMAXPROCS(0)
}

func (c Config) withDefaults() Config {
	if c.MemoryLimitMiB == 0 {
		c.MemoryLimitMiB = 512
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 256
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = 30 * time.Second
	}
	if c.MaxTextBytes <= 0 {
		c.MaxTextBytes = 16 << 20
	}
	if c.CancelGrace <= 0 {
		c.CancelGrace = 2 * time.Second
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 5 * time.Minute
	}
	return c
}
