package jinja

import "errors"

// Limits bound one render. A zero field takes its default.
type Limits struct {
	MaxSteps       int // evaluation steps: nodes, expressions, loop iterations, list elements built
	MaxOutputBytes int // size of the output and of any single string built on the way (at most 64 MiB)
	MaxDepth       int // nesting of template syntax and of macro calls
	// Interrupted, when set, is polled every pollEvery steps; true stops the render with ErrInterrupted.
	Interrupted func() bool
}

// ErrInterrupted reports a render stopped by Limits.Interrupted.
var ErrInterrupted = errors.New("jinja: render interrupted")

// pollEvery is how many steps pass between polls of Limits.Interrupted: often enough to stop within
// microseconds, rarely enough to cost nothing.
const pollEvery = 1024

// Defaults fit chat templates over long conversations with room to spare, while a runaway template stops
// within milliseconds.
const (
	DefaultMaxSteps       = 1_000_000
	DefaultMaxOutputBytes = 8 << 20
	DefaultMaxDepth       = 128
)

func (l Limits) withDefaults() Limits {
	if l.MaxSteps <= 0 {
		l.MaxSteps = DefaultMaxSteps
	}
	if l.MaxOutputBytes <= 0 {
		l.MaxOutputBytes = DefaultMaxOutputBytes
	}
	l.MaxOutputBytes = min(l.MaxOutputBytes, maxPrint)
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// budget is the running account of one render against its Limits.
type budget struct {
	lim      Limits
	steps    int
	depth    int
	nextPoll int
}

func (b *budget) step(n int) error {
	b.steps += n
	if b.steps > b.lim.MaxSteps {
		return &LimitError{Limit: "steps", Max: b.lim.MaxSteps}
	}
	if b.lim.Interrupted != nil && b.steps >= b.nextPoll {
		b.nextPoll = b.steps + pollEvery
		if b.lim.Interrupted() {
			return ErrInterrupted
		}
	}
	return nil
}

func (b *budget) size(n int) error {
	if n > b.lim.MaxOutputBytes {
		return &LimitError{Limit: "output", Max: b.lim.MaxOutputBytes}
	}
	return nil
}

func (b *budget) enter() error {
	b.depth++
	if b.depth > b.lim.MaxDepth {
		return &LimitError{Limit: "depth", Max: b.lim.MaxDepth}
	}
	return nil
}

func (b *budget) leave() { b.depth-- }
