package cache

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is filled by cmd from the environment (caarlos0/env tags) and may be adjusted before New.
type Config struct {
	Dir           string `env:"MODELS_DIR" envDefault:"./models"`
	Offline       bool   `env:"HF_HUB_OFFLINE"` // "1" or "true": no network call at all
	UseModelScope bool   `env:"USE_MODELSCOPE"`

	HFEndpoint string `env:"HF_ENDPOINT" envDefault:"https://huggingface.co"`
	// The Hugging Face token is HFToken, else HFHubToken, else the file $HF_HOME/token; errors name
	// which one was used, never its value.
	HFToken    string `env:"HF_TOKEN"`
	HFHubToken string `env:"HUGGING_FACE_HUB_TOKEN"`
	HFHome     string `env:"HF_HOME"` // "" means $XDG_CACHE_HOME/huggingface or ~/.cache/huggingface

	ModelScopeDomain string `env:"MODELSCOPE_DOMAIN"` // bare host name; "" means www.modelscope.cn
	ModelScopeToken  string `env:"MODELSCOPE_API_TOKEN"`

	// AllowLocalPaths lets a reference name a folder outside Dir directly (an absolute or ./ path).
	AllowLocalPaths bool `env:"MODELS_ALLOW_LOCAL_PATHS"`
	// MaxFileSize caps every downloaded or read model file (the largest tokenizer.json files are ~35 MB).
	MaxFileSize int64 `env:"MODELS_MAX_FILE_SIZE" envDefault:"268435456"`
	// Timeout is how long a download may receive nothing (no headers, no bytes) before the attempt is
	// abandoned and retried; a slow but moving download is never cut.
	Timeout time.Duration `env:"MODELS_DOWNLOAD_TIMEOUT" envDefault:"30s"`
	// Retries is the number of further attempts after a temporary failure: 0 means the default (4),
	// a negative number none.
	Retries        int           `env:"MODELS_DOWNLOAD_RETRIES" envDefault:"4"`
	RetryBaseDelay time.Duration `env:"MODELS_RETRY_BASE_DELAY" envDefault:"1s"`
	// RetryMaxDelay caps backoff; a Retry-After longer than it ends the retries with ErrNetwork.
	RetryMaxDelay time.Duration `env:"MODELS_RETRY_MAX_DELAY" envDefault:"1m"`

	HTTPClient *http.Client // nil: a default client; tests inject one
	Logger     *slog.Logger // nil: slog.Default()

	// modelScopeScheme lets tests serve ModelScope over plain HTTP; sleep lets them record retry waits.
	modelScopeScheme string
	sleep            func(ctx context.Context, d time.Duration) error
}

// Defaults that apply when Config is built by hand rather than from the environment.
const (
	defaultMaxFileSize = 256 << 20
	defaultTimeout     = 30 * time.Second
	defaultEndpoint    = "https://huggingface.co"
	defaultRetries     = 4
)

func (cfg Config) withDefaults() Config {
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = defaultMaxFileSize
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.HFEndpoint == "" {
		cfg.HFEndpoint = defaultEndpoint
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = defaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.RetryBaseDelay <= 0 {
		cfg.RetryBaseDelay = time.Second
	}
	if cfg.RetryMaxDelay <= 0 {
		cfg.RetryMaxDelay = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return cfg
}

// hfToken picks the Hugging Face token as huggingface_hub does and says where it came from.
func (cfg Config) hfToken() (token, source string) {
	if cfg.HFToken != "" {
		return cfg.HFToken, "HF_TOKEN"
	}
	if cfg.HFHubToken != "" {
		return cfg.HFHubToken, "HUGGING_FACE_HUB_TOKEN"
	}
	home := cfg.HFHome
	if home == "" {
		userCache, err := os.UserCacheDir()
		if err != nil {
			return "", ""
		}
		home = filepath.Join(userCache, "huggingface")
	}
	path := filepath.Join(home, "token")
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "" // no token file is the usual case, and an unreadable one must not stop public downloads
	}
	if token := strings.TrimSpace(string(data)); token != "" {
		return token, "the token file " + path
	}
	return "", ""
}
