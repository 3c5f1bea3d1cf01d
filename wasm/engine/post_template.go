package engine

import (
	"fmt"
	"slices"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// templatePiece is one item of a template: a sequence ($A/$B) or a special token, with its type id.
type templatePiece struct {
	isSequence bool
	sequence   int    // 0 for A, 1 for B
	special    string // id in the special tokens map
	typeID     uint32
}

type templateSpecial struct {
	ids    []uint32
	tokens []string
}

// templateProcessing adds special tokens around the sequences (HF TemplateProcessing).
type templateProcessing struct {
	single, pair           []templatePiece
	special                map[string]templateSpecial // read-only after load; only used per call, not per token
	addedSingle, addedPair int

	// singleSequenceOnly says that single holds one piece, sequence A, whose type id is singleTypeID.
	singleSequenceOnly bool
	singleTypeID       uint32

	// merged and result are reused by every call that has no overflowing parts: such a call returns the
	// pieces already merged, saving a copy of each.
	merged Encoding
	result []*Encoding
}

// rawTemplatePiece is a template item as the file has it: {"Sequence": ref} or {"SpecialToken": ref}.
type rawTemplatePiece struct {
	Sequence, SpecialToken *templateRef
}

type templateRef struct {
	ID     string
	TypeID uint32
}

func newTemplateProcessing(raw rawJSON, path string) (postProcessor, error) {
	var r struct {
		Single, Pair []rawTemplatePiece
	}
	t := &templateProcessing{special: make(map[string]templateSpecial)}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "single":
			readTemplatePieces(s, &r.Single)
		case "pair":
			readTemplatePieces(s, &r.Pair)
		case "special_tokens":
			if s.Null() {
				clear(t.special)
				break
			}
			for name := range s.Members() { // a repeated special_tokens adds to the map, as in encoding/json
				t.special[string(name)] = readTemplateSpecial(s)
			}
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	for name, sp := range t.special {
		if len(sp.ids) != len(sp.tokens) {
			return nil, fmt.Errorf("engine: %s.special_tokens[%q]: ids and tokens must be of the same length", path, name)
		}
	}
	convert := func(list []rawTemplatePiece, where string) ([]templatePiece, int, error) {
		out := make([]templatePiece, 0, len(list))
		added := 0
		for i, p := range list {
			switch {
			case p.Sequence != nil:
				seq := 0
				if p.Sequence.ID == "B" {
					seq = 1
				}
				out = append(out, templatePiece{isSequence: true, sequence: seq, typeID: p.Sequence.TypeID})
			case p.SpecialToken != nil:
				s, ok := t.special[p.SpecialToken.ID]
				if !ok {
					return nil, 0, fmt.Errorf("engine: %s.%s[%d]: missing special token %q", path, where, i, p.SpecialToken.ID)
				}
				added += len(s.ids)
				out = append(out, templatePiece{special: p.SpecialToken.ID, typeID: p.SpecialToken.TypeID})
			default:
				return nil, 0, fmt.Errorf("engine: %s.%s[%d]: neither Sequence nor SpecialToken", path, where, i)
			}
		}
		return out, added, nil
	}
	if t.single, t.addedSingle, err = convert(r.Single, "single"); err != nil {
		return nil, err
	}
	if t.pair, t.addedPair, err = convert(r.Pair, "pair"); err != nil {
		return nil, err
	}
	singleSequences := 0
	for _, p := range t.single {
		if p.isSequence {
			singleSequences++
			t.singleSequenceOnly, t.singleTypeID = p.sequence == 0, p.typeID
		}
	}
	t.singleSequenceOnly = t.singleSequenceOnly && singleSequences == 1
	return t, nil
}

func (t *templateProcessing) addedTokens(isPair bool) int {
	if isPair {
		return t.addedPair
	}
	return t.addedSingle
}

// keepsSingleInput: a single template of sequence A alone, of type id 0, only sets that id and the
// sequence id.
func (t *templateProcessing) keepsSingleInput() bool {
	return t.singleSequenceOnly && t.singleTypeID == 0
}

func (t *templateProcessing) processEncodings(encs []*Encoding, addSpecial bool) ([]*Encoding, error) {
	template := t.single
	if len(encs) == 2 {
		template = t.pair
	}
	if !slices.ContainsFunc(encs, func(e *Encoding) bool { return len(e.Overflowing) > 0 }) {
		return t.processMerged(template, encs, addSpecial)
	}
	out := make([]*Encoding, 0, len(template))
	for _, p := range template {
		if p.isSequence {
			if p.sequence >= len(encs) {
				return nil, fmt.Errorf("engine: template uses sequence B without a pair")
			}
			e := encs[p.sequence]
			e.setTypeIDs(p.typeID)
			e.setSequenceID(p.sequence)
			out = append(out, e.clone())
			continue
		}
		if !addSpecial {
			continue
		}
		s := t.special[p.special]
		n := len(s.ids)
		e := newEncoding(n)
		e.IDs = append(e.IDs, s.ids...)
		e.Tokens = append(e.Tokens, s.tokens...)
		for i := 0; i < n; i++ {
			e.TypeIDs = append(e.TypeIDs, p.typeID)
			e.Offsets = append(e.Offsets, Offset{})
			e.SpecialTokensMask = append(e.SpecialTokensMask, 1)
			e.AttentionMask = append(e.AttentionMask, 1)
		}
		out = append(out, e)
	}
	return out, nil
}

// processMerged is processEncodings for encodings without overflowing parts: it appends the pieces of the
// template to one encoding, as Encoding::merge of HF would do with the pieces' copies. The result is
// swapped into encs[0], the encoding the tokenizer returns, so that it needs no further copy.
func (t *templateProcessing) processMerged(template []templatePiece, encs []*Encoding, addSpecial bool) ([]*Encoding, error) {
	if !addSpecial && len(encs) == 1 && t.singleSequenceOnly {
		// The template adds nothing around the one sequence: it only sets its type ids.
		e := encs[0]
		e.setTypeIDs(t.singleTypeID)
		e.setSequenceID(0)
		return encs, nil
	}
	m := &t.merged
	n := 0
	for _, e := range encs {
		n += e.len()
	}
	if addSpecial {
		n += t.addedTokens(len(encs) == 2)
	}
	m.reserve(n)
	for _, p := range template {
		if p.isSequence {
			if p.sequence >= len(encs) {
				return nil, fmt.Errorf("engine: template uses sequence B without a pair")
			}
			e := encs[p.sequence]
			e.setTypeIDs(p.typeID)
			e.setSequenceID(p.sequence)
			m.mergeWith(e)
			continue
		}
		if !addSpecial {
			continue
		}
		s := t.special[p.special]
		m.IDs = append(m.IDs, s.ids...)
		m.Tokens = append(m.Tokens, s.tokens...)
		for range s.ids {
			m.TypeIDs = append(m.TypeIDs, p.typeID)
			m.Offsets = append(m.Offsets, Offset{})
			m.SpecialTokensMask = append(m.SpecialTokensMask, 1)
			m.AttentionMask = append(m.AttentionMask, 1)
		}
	}
	// m's arrays go to encs[0] and encs[0]'s come back to m for the next call: nothing else holds them.
	*m, *encs[0] = *encs[0], *m
	t.result = append(t.result[:0], encs[0])
	return t.result, nil
}

// readTemplatePieces reads a template's list of items; null leaves *dst.
func readTemplatePieces(s *jsonscan.Scanner, dst *[]rawTemplatePiece) {
	if s.Null() {
		return
	}
	list := (*dst)[:0]
	for range s.Elements() {
		var piece rawTemplatePiece
		if !s.Null() {
			for key := range s.Members() {
				switch string(key) {
				case "Sequence":
					piece.Sequence = readTemplateRef(s)
				case "SpecialToken":
					piece.SpecialToken = readTemplateRef(s)
				default:
					s.Skip()
				}
			}
		}
		list = append(list, piece)
	}
	*dst = list
}

// readTemplateRef reads {"id": ..., "type_id": ...}; nil for null.
func readTemplateRef(s *jsonscan.Scanner) *templateRef {
	if s.Null() {
		return nil
	}
	ref := &templateRef{}
	for key := range s.Members() {
		switch string(key) {
		case "id":
			readString(s, &ref.ID)
		case "type_id":
			readUint32(s, &ref.TypeID)
		default:
			s.Skip()
		}
	}
	return ref
}

// readTemplateSpecial reads {"id": ..., "ids": [...], "tokens": [...]}; the id repeats the map's key and
// is not needed.
func readTemplateSpecial(s *jsonscan.Scanner) templateSpecial {
	var sp templateSpecial
	if s.Null() {
		return sp
	}
	for key := range s.Members() {
		switch string(key) {
		case "ids":
			sp.ids = nil
			if !s.Null() {
				sp.ids = []uint32{}
				for range s.Elements() {
					sp.ids = append(sp.ids, uint32(s.Uint(1<<32-1)))
				}
			}
		case "tokens":
			sp.tokens = nil
			if !s.Null() {
				sp.tokens = []string{}
				for range s.Elements() {
					sp.tokens = append(sp.tokens, string(s.String()))
				}
			}
		case "id":
			var id string
			readString(s, &id)
		default:
			s.Skip()
		}
	}
	return sp
}
