package engine

import "errors"

// ErrTruncation is returned when the stored truncation parameters cannot be satisfied (HF TruncationError).
var ErrTruncation = errors.New("engine: truncation")

type truncationStrategy int

const (
	truncateLongestFirst truncationStrategy = iota
	truncateOnlyFirst
	truncateOnlySecond
)

// truncation holds tokenizer.json's "truncation" (HF TruncationParams).
type truncation struct {
	maxLength int
	stride    int
	strategy  truncationStrategy
	left      bool // direction Left
}

// truncate cuts e to maxLen tokens; the rest goes to Overflowing in windows of maxLen overlapping by
// stride (HF Encoding::truncate).
func (e *Encoding) truncate(maxLen, stride int, left bool) error {
	n := e.len()
	if maxLen >= n {
		return nil
	}
	if maxLen == 0 {
		whole := *e
		*e = *newEncoding(0)
		e.Overflowing = append(e.Overflowing, &whole)
		return nil
	}
	if stride >= maxLen {
		return errors.Join(ErrTruncation, errors.New("stride must be less than max_length minus the added special tokens"))
	}
	e.seqRanges = nil
	step := maxLen - stride
	var parts [][2]int
	if !left {
		for start := 0; start < n; start += step {
			stop := min(start+maxLen, n)
			parts = append(parts, [2]int{start, stop})
			if stop == n {
				break
			}
		}
	} else {
		for stop := n; stop > 0; stop -= step {
			start := max(stop-maxLen, 0)
			parts = append(parts, [2]int{start, stop})
			if start == 0 {
				break
			}
		}
	}
	first := e.sub(parts[0][0], parts[0][1])
	for _, p := range parts[1:] {
		first.Overflowing = append(first.Overflowing, e.sub(p[0], p[1]))
	}
	*e = *first
	return nil
}

// truncateEncodings applies the truncation parameters to one input (HF truncate_encodings).
func truncateEncodings(enc, pair *Encoding, t truncation) error {
	if t.maxLength == 0 {
		if err := enc.truncate(0, t.stride, t.left); err != nil {
			return err
		}
		if pair != nil {
			return pair.truncate(0, t.stride, t.left)
		}
		return nil
	}
	total := enc.len()
	if pair != nil {
		total += pair.len()
	}
	if total <= t.maxLength {
		return nil
	}
	toRemove := total - t.maxLength
	switch t.strategy {
	case truncateLongestFirst:
		if pair == nil {
			return enc.truncate(total-toRemove, t.stride, t.left)
		}
		n1, n2 := enc.len(), pair.len()
		swap := n1 > n2
		if swap {
			n1, n2 = n2, n1
		}
		if n1 > t.maxLength {
			n2 = n1
		} else {
			n2 = max(n1, t.maxLength-n1)
		}
		if n1+n2 > t.maxLength {
			n1 = t.maxLength / 2
			n2 = n1 + t.maxLength%2
		}
		if swap {
			n1, n2 = n2, n1
		}
		if err := enc.truncate(n1, t.stride, t.left); err != nil {
			return err
		}
		return pair.truncate(n2, t.stride, t.left)
	default:
		target := enc
		if t.strategy == truncateOnlySecond {
			if pair == nil {
				return errors.Join(ErrTruncation, errors.New("second sequence not provided"))
			}
			target = pair
		}
		if target.len() <= toRemove {
			return errors.Join(ErrTruncation, errors.New("sequence to truncate too short to respect the provided max_length"))
		}
		return target.truncate(target.len()-toRemove, t.stride, t.left)
	}
}
