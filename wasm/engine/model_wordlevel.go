package engine

import (
	"encoding/json"
	"fmt"
)

// wordLevelModel is HF's WordLevel model: every pre-token is one token, or the unknown token.
type wordLevelModel struct {
	vocab    *strTable
	vocabR   []string
	unkToken string
}

func newWordLevelModel(raw json.RawMessage, path string) (model, error) {
	r := struct {
		Vocab    map[string]uint32 `json:"vocab"`
		UnkToken string            `json:"unk_token"`
	}{UnkToken: "<unk>"}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	if r.Vocab == nil {
		return nil, fmt.Errorf("engine: %s: missing vocab", path)
	}
	m := &wordLevelModel{unkToken: r.UnkToken}
	m.vocab, m.vocabR = buildVocab(r.Vocab)
	return m, nil
}

func (m *wordLevelModel) tokenToID(tok string) (uint32, bool) { return m.vocab.get(tok) }

func (m *wordLevelModel) idToToken(id uint32) (string, bool) {
	if int(id) >= len(m.vocabR) || m.vocabR[id] == "" {
		return "", false
	}
	return m.vocabR[id], true
}

func (m *wordLevelModel) vocabSize() int { return m.vocab.len() }

func (m *wordLevelModel) tokenize(s string, dst []token) ([]token, error) {
	if id, ok := m.vocab.get(s); ok {
		return append(dst, token{id: id, value: s, start: 0, end: len(s)}), nil
	}
	id, ok := m.vocab.get(m.unkToken)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrMissingUnkToken, m.unkToken)
	}
	return append(dst, token{id: id, value: m.unkToken, start: 0, end: len(s)}), nil
}

// buildVocab turns a token -> id map into a lookup table and an id -> token slice.
func buildVocab(vocab map[string]uint32) (*strTable, []string) {
	table := newStrTable(len(vocab))
	maxID := -1
	for tok, id := range vocab {
		table.put(tok, id)
		maxID = max(maxID, int(id))
	}
	byID := make([]string, maxID+1)
	for tok, id := range vocab {
		byID[id] = tok
	}
	return table, byID
}
