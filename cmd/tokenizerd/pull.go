package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/tokenizerd/tokenizerd/cache"
)

const pullUsage = `usage: tokenizerd pull <org/name[@revision]>...

Downloads models into MODELS_DIR (models/<org>/<name>/) so that the service starts without network.
Hugging Face by default (HF_ENDPOINT, HF_TOKEN); ModelScope with USE_MODELSCOPE=true.`

// runPull is `tokenizerd pull`: it fills the models folder ahead of time, with a progress bar per file on
// a terminal and log lines otherwise. It returns the exit code: 0 when every model is in place, 1 when
// any failed, 2 for a usage error.
func runPull(ctx context.Context, cfg cache.Config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, pullUsage)
		return 2
	}
	var progress cache.Progress
	level := slog.LevelInfo
	if isTerminal(stderr) {
		progress = &barProgress{w: stderr}
		level = slog.LevelWarn // retries still show; bars say the rest
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if progress == nil {
		progress = &logProgress{log: logger}
	}
	cfg.Logger = logger
	c, err := cache.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "tokenizerd pull: %v\n", err)
		return 1
	}
	failed := 0
	for _, ref := range args {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "tokenizerd pull: %s: %v\n", ref, ctx.Err())
			failed++
			continue
		}
		m, err := c.Pull(ctx, ref, progress)
		if err != nil {
			fmt.Fprintf(stderr, "tokenizerd pull: %s: %v%s\n", ref, err, hint(err))
			failed++
			continue
		}
		version := m.Commit
		if version == "" {
			version = m.Revision
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", ref, version, m.Dir)
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "tokenizerd pull: %d of %d models failed\n", failed, len(args))
		return 1
	}
	return 0
}

// hint tells what to do about the failures a user can fix.
func hint(err error) string {
	switch {
	case errors.Is(err, cache.ErrInvalidName):
		return "\n  name models as org/name or org/name@revision"
	case errors.Is(err, cache.ErrUnauthorized):
		return "\n  set HF_TOKEN (or MODELSCOPE_API_TOKEN) to a token that has access; for a gated model, accept its terms on the hub first"
	case errors.Is(err, cache.ErrOffline):
		return "\n  unset HF_HUB_OFFLINE to download"
	case errors.Is(err, cache.ErrNetwork):
		return "\n  check the network or HF_ENDPOINT / MODELSCOPE_DOMAIN; the download can simply be run again"
	}
	return ""
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// logProgress writes one log line per file, for logs and pipes.
type logProgress struct{ log *slog.Logger }

func (p *logProgress) Resolved(id, revision, commit string) {
	p.log.Info("resolved", "model", id, "revision", revision, "commit", commit)
}

func (p *logProgress) FileStarted(id, file string, size int64) {
	p.log.Info("downloading", "model", id, "file", file, "size", size)
}

func (p *logProgress) FileProgress(string, string, int64) {}

func (p *logProgress) FileDone(id, file string, err error) {
	if err != nil {
		p.log.Error("download failed", "model", id, "file", file, "err", err)
		return
	}
	p.log.Info("downloaded", "model", id, "file", file)
}

// barProgress draws one bar per file on a terminal. It redraws only when the shown percentage (or, for
// an unknown size, the megabyte count) changes, which bounds the output without a clock.
type barProgress struct {
	w     io.Writer
	file  string
	size  int64
	shown int64 // last percentage or megabyte drawn; -1 before the first draw
}

const (
	barWidth  = 30
	eraseLine = "\x1b[K" // a shorter redraw must not leave the end of the longer one
)

func (p *barProgress) Resolved(id, revision, commit string) {
	if len(commit) > 12 {
		commit = commit[:12]
	}
	fmt.Fprintf(p.w, "%s@%s %s\n", id, revision, commit)
}

func (p *barProgress) FileStarted(_, file string, size int64) {
	if p.file == file {
		fmt.Fprint(p.w, "\n") // a retry: keep the failed attempt's line visible
	}
	p.file, p.size, p.shown = file, size, -1
	p.FileProgress("", file, 0)
}

func (p *barProgress) FileProgress(_, _ string, done int64) {
	step := done >> 20
	if p.size > 0 {
		step = done * 100 / p.size
	}
	if step == p.shown {
		return
	}
	p.shown = step
	fmt.Fprintf(p.w, "\r"+eraseLine+"  %-24s %s", p.file, renderBar(done, p.size))
}

func (p *barProgress) FileDone(_, _ string, err error) {
	p.file = ""
	if err != nil {
		fmt.Fprint(p.w, "  failed\n")
		return
	}
	fmt.Fprint(p.w, "\n")
}

// renderBar draws "[=====>    ]  45%  5.0 MB / 11.1 MB", or just the count when the size is unknown.
func renderBar(done, size int64) string {
	if size <= 0 {
		return formatBytes(done)
	}
	done = min(done, size)
	filled := int(done * barWidth / size)
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	return fmt.Sprintf("[%s] %3d%%  %s / %s", bar, done*100/size, formatBytes(done), formatBytes(size))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
