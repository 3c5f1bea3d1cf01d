package engine

// padding holds tokenizer.json's "padding" (HF PaddingParams).
type padding struct {
	batchLongest  bool
	fixed         int // target length unless batchLongest
	left          bool
	padToMultiple int
	padID         uint32
	padTypeID     uint32
	padToken      string
}

// pad pads e (and its overflowing parts) to target tokens (HF Encoding::pad).
func (e *Encoding) pad(target int, p padding) {
	for _, o := range e.Overflowing {
		o.pad(target, p)
	}
	n := target - e.len()
	if n <= 0 {
		return
	}
	if p.left {
		e.IDs = prependN(e.IDs, p.padID, n)
		e.TypeIDs = prependN(e.TypeIDs, p.padTypeID, n)
		e.Tokens = prependN(e.Tokens, p.padToken, n)
		e.AttentionMask = prependN(e.AttentionMask, 0, n)
		e.SpecialTokensMask = prependN(e.SpecialTokensMask, 1, n)
		e.Offsets = prependN(e.Offsets, Offset{}, n)
		for i := range e.seqRanges {
			e.seqRanges[i].start += n
			e.seqRanges[i].end += n
		}
		return
	}
	e.IDs = appendN(e.IDs, p.padID, n)
	e.TypeIDs = appendN(e.TypeIDs, p.padTypeID, n)
	e.Tokens = appendN(e.Tokens, p.padToken, n)
	e.AttentionMask = appendN(e.AttentionMask, 0, n)
	e.SpecialTokensMask = appendN(e.SpecialTokensMask, 1, n)
	e.Offsets = appendN(e.Offsets, Offset{}, n)
}

// padEncodings pads a batch to its longest member or the fixed length (HF pad_encodings).
func padEncodings(encs []*Encoding, p padding) {
	if len(encs) == 0 {
		return
	}
	target := p.fixed
	if p.batchLongest {
		for _, e := range encs {
			target = max(target, e.len())
		}
	}
	if m := p.padToMultiple; m > 0 && target%m > 0 {
		target += m - target%m
	}
	for _, e := range encs {
		e.pad(target, p)
	}
}

func appendN[T any](s []T, v T, n int) []T {
	for ; n > 0; n-- {
		s = append(s, v)
	}
	return s
}

func prependN[T any](s []T, v T, n int) []T {
	out := make([]T, n, n+len(s))
	for i := range out {
		out[i] = v
	}
	return append(out, s...)
}
