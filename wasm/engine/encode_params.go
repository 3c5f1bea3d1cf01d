package engine

import "fmt"

// TruncationStrategy says which sequence of a pair loses tokens first (HF TruncationStrategy).
type TruncationStrategy int

const (
	LongestFirst TruncationStrategy = iota // the longer sequence, until both have the same length
	OnlyFirst
	OnlySecond
)

// TruncationParams are HF's TruncationParams, for Options.Truncation.
type TruncationParams struct {
	MaxLength int // tokens, special tokens included
	Stride    int // tokens shared by consecutive overflowing windows; below MaxLength minus special tokens
	Strategy  TruncationStrategy
	Left      bool // cut tokens at the start instead of the end
}

// PaddingParams are HF's PaddingParams, for Options.Padding.
type PaddingParams struct {
	// BatchLongest pads to the longest encoding of the batch (one encoding for Encode); otherwise
	// every encoding is padded to Length.
	BatchLongest bool
	Length       int
	// PadToMultipleOf, when above 0, rounds the target length up to a multiple of it.
	PadToMultipleOf int
	Left            bool // pad at the start instead of the end
	PadID           uint32
	PadTypeID       uint32
	PadToken        string
}

func (p TruncationParams) internal() (truncation, error) {
	t := truncation{maxLength: p.MaxLength, stride: p.Stride, left: p.Left}
	if p.MaxLength < 0 || p.Stride < 0 {
		return t, fmt.Errorf("%w: negative max_length or stride", ErrTruncation)
	}
	switch p.Strategy {
	case LongestFirst:
		t.strategy = truncateLongestFirst
	case OnlyFirst:
		t.strategy = truncateOnlyFirst
	case OnlySecond:
		t.strategy = truncateOnlySecond
	default:
		return t, fmt.Errorf("%w: unknown strategy %d", ErrTruncation, p.Strategy)
	}
	return t, nil
}

func (p PaddingParams) internal() padding {
	return padding{
		batchLongest:  p.BatchLongest,
		fixed:         p.Length,
		left:          p.Left,
		padToMultiple: p.PadToMultipleOf,
		padID:         p.PadID,
		padTypeID:     p.PadTypeID,
		padToken:      p.PadToken,
	}
}

// callTruncation is the truncation of one call: the override of opts, else tokenizer.json's.
func (t *Tokenizer) callTruncation(opts *Options) (*truncation, error) {
	switch {
	case opts.NoTruncation:
		return nil, nil
	case opts.Truncation != nil:
		tr, err := opts.Truncation.internal()
		return &tr, err
	}
	return t.truncation, nil
}

// callTruncationOff and callPaddingOff tell, without building anything, that callTruncation and
// callPadding would return nil.
func (t *Tokenizer) callTruncationOff(opts *Options) bool {
	return opts.NoTruncation || (opts.Truncation == nil && t.truncation == nil)
}

func (t *Tokenizer) callPaddingOff(opts *Options) bool {
	return opts.NoPadding || (opts.Padding == nil && t.padding == nil)
}

// callPadding is the padding of one call: the override of opts, else tokenizer.json's.
func (t *Tokenizer) callPadding(opts *Options) *padding {
	switch {
	case opts.NoPadding:
		return nil
	case opts.Padding != nil:
		p := opts.Padding.internal()
		return &p
	}
	return t.padding
}
