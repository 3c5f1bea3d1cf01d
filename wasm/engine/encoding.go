package engine

// Offset is a [Start, End) range of UTF-8 byte offsets into the input text.
type Offset struct{ Start, End int }

// Encoding is the output of Encode, field for field HF's Encoding. SequenceIDs holds -1 where HF has
// None (special tokens added by the post-processor, padding).
type Encoding struct {
	IDs               []uint32
	TypeIDs           []uint32
	SpecialTokensMask []uint32
	AttentionMask     []uint32
	Tokens            []string
	Offsets           []Offset
	SequenceIDs       []int
	Overflowing       []*Encoding

	seqRanges []seqRange
}

// seqRange says which tokens belong to one input sequence (HF sequence_ranges).
type seqRange struct{ seq, start, end int }

func newEncoding(capacity int) *Encoding {
	e := &Encoding{}
	e.reserve(capacity)
	return e
}

// reserve empties e, keeping its arrays where they hold capacity tokens and allocating them otherwise,
// the four id arrays in one block.
func (e *Encoding) reserve(capacity int) {
	if cap(e.IDs) < capacity || cap(e.TypeIDs) < capacity || cap(e.SpecialTokensMask) < capacity || cap(e.AttentionMask) < capacity {
		ints := make([]uint32, 4*capacity)
		e.IDs = ints[0:0:capacity]
		e.TypeIDs = ints[capacity : capacity : 2*capacity]
		e.SpecialTokensMask = ints[2*capacity : 2*capacity : 3*capacity]
		e.AttentionMask = ints[3*capacity : 3*capacity : 4*capacity]
	}
	if cap(e.Tokens) < capacity {
		e.Tokens = make([]string, 0, capacity)
	}
	if cap(e.Offsets) < capacity {
		e.Offsets = make([]Offset, 0, capacity)
	}
	e.IDs, e.TypeIDs, e.SpecialTokensMask, e.AttentionMask = e.IDs[:0], e.TypeIDs[:0], e.SpecialTokensMask[:0], e.AttentionMask[:0]
	e.Tokens, e.Offsets, e.SequenceIDs = e.Tokens[:0], e.Offsets[:0], e.SequenceIDs[:0]
	e.Overflowing, e.seqRanges = nil, e.seqRanges[:0]
}

// fillSequenceMasks sets the type ids and masks of one input's tokens: all of type typeID, none
// special, all attended to. It runs once per input, in one loop without calls: inside wasm, calls to
// helpers cost more than the stores of a short input.
func (e *Encoding) fillSequenceMasks(typeID uint32) {
	n := len(e.IDs)
	if cap(e.TypeIDs) < n || cap(e.SpecialTokensMask) < n || cap(e.AttentionMask) < n {
		ints := make([]uint32, 3*n)
		e.TypeIDs, e.SpecialTokensMask, e.AttentionMask = ints[:0:n], ints[n:n:2*n], ints[2*n:2*n:3*n]
	}
	types, special, attention := e.TypeIDs[:n], e.SpecialTokensMask[:n], e.AttentionMask[:n]
	for i := range types {
		types[i], special[i], attention[i] = typeID, 0, 1
	}
	e.TypeIDs, e.SpecialTokensMask, e.AttentionMask = types, special, attention
}

// resize returns s with length n, reallocated when its capacity is smaller.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// fillN sets every element of s to v, four at a time: inside wasm each turn of a loop is a jump.
func fillN[T any](s []T, v T) []T {
	i := 0
	for ; i+4 <= len(s); i += 4 {
		q := s[i : i+4 : i+4]
		q[0], q[1], q[2], q[3] = v, v, v, v
	}
	for ; i < len(s); i++ {
		s[i] = v
	}
	return s
}

// setFrom makes e a copy of src that shares no array with it, reusing e's arrays where they are large
// enough.
func (e *Encoding) setFrom(src *Encoding) {
	e.reserve(src.len())
	e.IDs = append(e.IDs, src.IDs...)
	e.TypeIDs = append(e.TypeIDs, src.TypeIDs...)
	e.SpecialTokensMask = append(e.SpecialTokensMask, src.SpecialTokensMask...)
	e.AttentionMask = append(e.AttentionMask, src.AttentionMask...)
	e.Tokens = append(e.Tokens, src.Tokens...)
	e.Offsets = append(e.Offsets, src.Offsets...)
	e.SequenceIDs = append(e.SequenceIDs, src.SequenceIDs...)
	e.seqRanges = append(e.seqRanges, src.seqRanges...)
	for _, o := range src.Overflowing {
		e.Overflowing = append(e.Overflowing, o.clone())
	}
}

func (e *Encoding) len() int { return len(e.IDs) }

// setSequenceID marks every token as belonging to sequence id.
func (e *Encoding) setSequenceID(id int) {
	for i := range e.seqRanges {
		if e.seqRanges[i].seq == id {
			e.seqRanges[i].start, e.seqRanges[i].end = 0, e.len()
			return
		}
	}
	e.seqRanges = append(e.seqRanges, seqRange{id, 0, e.len()})
}

func (e *Encoding) setTypeIDs(typeID uint32) { fillN(e.TypeIDs, typeID) }

// sequenceRange is the token range of sequence id; the whole encoding when unknown.
func (e *Encoding) sequenceRange(id int) (int, int) {
	for _, r := range e.seqRanges {
		if r.seq == id {
			return r.start, r.end
		}
	}
	return 0, e.len()
}

// fillSequenceIDs computes SequenceIDs from the sequence ranges (HF get_sequence_ids), recursively.
func (e *Encoding) fillSequenceIDs() {
	ids := e.SequenceIDs[:0]
	if cap(ids) < e.len() {
		ids = make([]int, 0, e.len())
	}
	ids = ids[:e.len()]
	if len(e.seqRanges) == 1 && e.seqRanges[0] == (seqRange{0, 0, len(ids)}) {
		// The common case, one sequence and no special tokens: one pass, without calls (as above).
		for i := range ids {
			ids[i] = 0
		}
		e.SequenceIDs = ids
		for _, o := range e.Overflowing {
			o.fillSequenceIDs()
		}
		return
	}
	fillN(ids, -1)
	n := len(e.seqRanges)
	if n == 0 {
		n = 1
	}
	for seq := 0; seq < n; seq++ {
		start, end := e.sequenceRange(seq)
		for i := start; i < end && i < len(ids); i++ {
			ids[i] = seq
		}
	}
	e.SequenceIDs = ids
	for _, o := range e.Overflowing {
		o.fillSequenceIDs()
	}
}

func (e *Encoding) clone() *Encoding {
	c := &Encoding{
		IDs:               append([]uint32(nil), e.IDs...),
		TypeIDs:           append([]uint32(nil), e.TypeIDs...),
		SpecialTokensMask: append([]uint32(nil), e.SpecialTokensMask...),
		AttentionMask:     append([]uint32(nil), e.AttentionMask...),
		Tokens:            append([]string(nil), e.Tokens...),
		Offsets:           append([]Offset(nil), e.Offsets...),
		seqRanges:         append([]seqRange(nil), e.seqRanges...),
	}
	for _, o := range e.Overflowing {
		c.Overflowing = append(c.Overflowing, o.clone())
	}
	return c
}

// sub copies tokens [start, stop) without sequence ranges or overflowing parts.
func (e *Encoding) sub(start, stop int) *Encoding {
	return &Encoding{
		IDs:               append([]uint32(nil), e.IDs[start:stop]...),
		TypeIDs:           append([]uint32(nil), e.TypeIDs[start:stop]...),
		SpecialTokensMask: append([]uint32(nil), e.SpecialTokensMask[start:stop]...),
		AttentionMask:     append([]uint32(nil), e.AttentionMask[start:stop]...),
		Tokens:            append([]string(nil), e.Tokens[start:stop]...),
		Offsets:           append([]Offset(nil), e.Offsets[start:stop]...),
	}
}

// mergeEncodings concatenates encodings (HF Encoding::merge with growing_offsets=false).
func mergeEncodings(encs []*Encoding) *Encoding {
	if len(encs) == 1 {
		// Merging one encoding into an empty one copies it unchanged.
		return encs[0]
	}
	n := 0
	for _, e := range encs {
		n += e.len()
	}
	out := newEncoding(n)
	for _, e := range encs {
		out.mergeWith(e)
	}
	return out
}

// mergeWith appends pair to e, combining their overflowing parts as HF merge_with does.
func (e *Encoding) mergeWith(pair *Encoding) {
	var overflowing []*Encoding
	for _, selfO := range e.Overflowing {
		n := selfO.clone()
		n.mergeWith(pair.clone())
		overflowing = append(overflowing, n)
		for _, otherO := range pair.Overflowing {
			n := selfO.clone()
			n.mergeWith(otherO.clone())
			overflowing = append(overflowing, n)
		}
	}
	for _, otherO := range pair.Overflowing {
		n := e.clone()
		n.mergeWith(otherO.clone())
		overflowing = append(overflowing, n)
	}
	base := e.len()
	for _, r := range pair.seqRanges {
		e.setRange(seqRange{r.seq, base + r.start, base + r.end})
	}
	e.IDs = append(e.IDs, pair.IDs...)
	e.TypeIDs = append(e.TypeIDs, pair.TypeIDs...)
	e.Tokens = append(e.Tokens, pair.Tokens...)
	e.Offsets = append(e.Offsets, pair.Offsets...)
	e.SpecialTokensMask = append(e.SpecialTokensMask, pair.SpecialTokensMask...)
	e.AttentionMask = append(e.AttentionMask, pair.AttentionMask...)
	e.Overflowing = overflowing
}

func (e *Encoding) setRange(r seqRange) {
	for i := range e.seqRanges {
		if e.seqRanges[i].seq == r.seq {
			e.seqRanges[i] = r
			return
		}
	}
	e.seqRanges = append(e.seqRanges, r)
}
