package engine

import "github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"

// robertaProcessing is HF's RobertaProcessing: <s> A </s> and, for pairs, </s> B </s>, every type id
// 0; with trim_offsets, offsets leave out the spaces of byte-level tokens first.
type robertaProcessing struct {
	sep, cls       specialToken
	trimOffsets    bool
	addPrefixSpace bool
}

func newRobertaProcessing(raw rawJSON, path string) (postProcessor, error) {
	r := &robertaProcessing{sep: specialToken{"</s>", 2}, cls: specialToken{"<s>", 0}, trimOffsets: true, addPrefixSpace: true}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "sep":
			readSpecialToken(s, &r.sep, path+".sep")
		case "cls":
			readSpecialToken(s, &r.cls, path+".cls")
		case "trim_offsets":
			readBool(s, &r.trimOffsets)
		case "add_prefix_space":
			readBool(s, &r.addPrefixSpace)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return r, nil
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
