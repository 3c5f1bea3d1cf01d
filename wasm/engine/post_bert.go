package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// specialToken is a token a post-processor adds: its string and id, as tokenizer.json writes them
// (["[SEP]", 102]).
type specialToken struct {
	token string
	id    uint32
}

// readSpecialToken reads a [token, id] pair over *dst; a null item leaves its part. path names the field
// in errors.
func readSpecialToken(s *jsonscan.Scanner, dst *specialToken, path string) {
	n := 0
	for i := range s.Elements() {
		switch i {
		case 0:
			readString(s, &dst.token)
		case 1:
			readUint32(s, &dst.id)
		default:
			s.Skip()
		}
		n++
	}
	if n != 2 && s.Err() == nil {
		s.Fail(fmt.Errorf("engine: %s: expected [token, id], got %d items", path, n))
	}
}

// bertProcessing is HF's BertProcessing: [CLS] A [SEP] and, for pairs, B [SEP] with type id 1.
type bertProcessing struct {
	sep, cls specialToken
}

func newBertProcessing(raw rawJSON, path string) (postProcessor, error) {
	b := &bertProcessing{sep: specialToken{"[SEP]", 102}, cls: specialToken{"[CLS]", 101}}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "sep":
			readSpecialToken(s, &b.sep, path+".sep")
		case "cls":
			readSpecialToken(s, &b.cls, path+".cls")
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

func (b *bertProcessing) addedTokens(isPair bool) int {
	if isPair {
		return 3
	}
	return 2
}

// keepsSingleInput: without special tokens, the processor returns the inputs as they are.
func (b *bertProcessing) keepsSingleInput() bool { return true }

func (b *bertProcessing) processEncodings(encs []*Encoding, addSpecial bool) ([]*Encoding, error) {
	if !addSpecial {
		return encs, nil
	}
	out := make([]*Encoding, len(encs))
	for i, e := range encs {
		if i == 0 {
			out[i] = surroundWithOverflowing(e, &b.cls, &b.sep, 0, 0, false)
		} else {
			out[i] = surroundWithOverflowing(e, nil, &b.sep, 1, 1, false)
		}
	}
	return out, nil
}

// surroundWithOverflowing is surround applied to e and to each of its overflowing parts.
func surroundWithOverflowing(e *Encoding, before, after *specialToken, seq int, afterType uint32, zeroTypes bool) *Encoding {
	out := surround(e, before, after, seq, afterType, zeroTypes)
	for _, o := range e.Overflowing {
		out.Overflowing = append(out.Overflowing, surround(o, before, after, seq, afterType, zeroTypes))
	}
	return out
}

// surround builds before + e + after as BertProcessing and RobertaProcessing do: the added tokens are
// special, e's tokens are not (whatever their mask said), everything is attended to, and the sequence
// range of seq covers e's tokens only. A token before gets type id 0, one after gets afterType; e's
// tokens keep their type ids unless zeroTypes.
func surround(e *Encoding, before, after *specialToken, seq int, afterType uint32, zeroTypes bool) *Encoding {
	n := e.len()
	out := newEncoding(n + 2)
	start := 0
	if before != nil {
		out.appendSpecial(before, 0)
		start = 1
	}
	out.IDs = append(out.IDs, e.IDs...)
	if zeroTypes {
		out.TypeIDs = appendN(out.TypeIDs, 0, n)
	} else {
		out.TypeIDs = append(out.TypeIDs, e.TypeIDs...)
	}
	out.Tokens = append(out.Tokens, e.Tokens...)
	out.Offsets = append(out.Offsets, e.Offsets...)
	out.SpecialTokensMask = appendN(out.SpecialTokensMask, 0, n)
	out.AttentionMask = appendN(out.AttentionMask, 1, n)
	if after != nil {
		out.appendSpecial(after, afterType)
	}
	out.seqRanges = []seqRange{{seq, start, start + n}}
	return out
}

// appendSpecial appends one added special token.
func (e *Encoding) appendSpecial(s *specialToken, typeID uint32) {
	e.IDs = append(e.IDs, s.id)
	e.TypeIDs = append(e.TypeIDs, typeID)
	e.Tokens = append(e.Tokens, s.token)
	e.Offsets = append(e.Offsets, Offset{})
	e.SpecialTokensMask = append(e.SpecialTokensMask, 1)
	e.AttentionMask = append(e.AttentionMask, 1)
}
