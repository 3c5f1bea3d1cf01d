package engine

import "encoding/json"

// robertaProcessing is HF's RobertaProcessing: <s> A </s> and, for pairs, </s> B </s>, every type id
// 0; with trim_offsets, offsets leave out the spaces of byte-level tokens first.
type robertaProcessing struct {
	sep, cls       specialToken
	trimOffsets    bool
	addPrefixSpace bool
}

func newRobertaProcessing(raw json.RawMessage, path string) (postProcessor, error) {
	r := struct {
		Sep            specialToken `json:"sep"`
		Cls            specialToken `json:"cls"`
		TrimOffsets    bool         `json:"trim_offsets"`
		AddPrefixSpace bool         `json:"add_prefix_space"`
	}{Sep: specialToken{"</s>", 2}, Cls: specialToken{"<s>", 0}, TrimOffsets: true, AddPrefixSpace: true}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	return &robertaProcessing{sep: r.Sep, cls: r.Cls, trimOffsets: r.TrimOffsets, addPrefixSpace: r.AddPrefixSpace}, nil
}

func (r *robertaProcessing) addedTokens(isPair bool) int {
	if isPair {
		return 4
	}
	return 2
}

// keepsSingleInput: without trim_offsets and special tokens, the processor only sets type ids to 0.
func (r *robertaProcessing) keepsSingleInput() bool { return !r.trimOffsets }

func (r *robertaProcessing) processEncodings(encs []*Encoding, addSpecial bool) ([]*Encoding, error) {
	if r.trimOffsets {
		for _, e := range encs {
			trimByteLevelOffsets(e, r.addPrefixSpace)
			for _, o := range e.Overflowing {
				trimByteLevelOffsets(o, r.addPrefixSpace)
			}
		}
	}
	for _, e := range encs {
		e.setTypeIDs(0)
	}
	if !addSpecial {
		return encs, nil
	}
	out := make([]*Encoding, len(encs))
	for i, e := range encs {
		if i == 0 {
			out[i] = surroundWithOverflowing(e, &r.cls, &r.sep, 0, 0, true)
		} else {
			out[i] = surroundWithOverflowing(e, &r.sep, &r.sep, 1, 0, true)
		}
	}
	return out, nil
}
