package engine

import (
	"encoding/json"
	"fmt"
	"slices"
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

func newTemplateProcessing(raw json.RawMessage, path string) (postProcessor, error) {
	type rawPiece struct {
		Sequence *struct {
			ID     string `json:"id"`
			TypeID uint32 `json:"type_id"`
		} `json:"Sequence"`
		SpecialToken *struct {
			ID     string `json:"id"`
			TypeID uint32 `json:"type_id"`
		} `json:"SpecialToken"`
	}
	var r struct {
		Single        []rawPiece `json:"single"`
		Pair          []rawPiece `json:"pair"`
		SpecialTokens map[string]struct {
			ID     string   `json:"id"`
			IDs    []uint32 `json:"ids"`
			Tokens []string `json:"tokens"`
		} `json:"special_tokens"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	t := &templateProcessing{special: make(map[string]templateSpecial, len(r.SpecialTokens))}
	for key, s := range r.SpecialTokens {
		if len(s.IDs) != len(s.Tokens) {
			return nil, fmt.Errorf("engine: %s.special_tokens[%q]: ids and tokens must be of the same length", path, key)
		}
		t.special[key] = templateSpecial{ids: s.IDs, tokens: s.Tokens}
	}
	convert := func(list []rawPiece, where string) ([]templatePiece, int, error) {
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
	var err error
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
