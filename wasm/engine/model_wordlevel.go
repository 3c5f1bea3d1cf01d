package engine

import (
	"fmt"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// wordLevelModel is HF's WordLevel model: every pre-token is one token, or the unknown token.
type wordLevelModel struct {
	vocab    *strTable
	vocabR   []string
	unkToken string
}

func newWordLevelModel(raw rawJSON, path string) (model, error) {
	var vocab map[string]uint32
	unkToken := "<unk>"
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "vocab":
			vocab = readVocabMap(s, vocab)
		case "unk_token":
			readString(s, &unkToken)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if vocab == nil {
		return nil, fmt.Errorf("engine: %s: missing vocab", path)
	}
	m := &wordLevelModel{unkToken: unkToken}
	m.vocab, m.vocabR = buildVocab(vocab)
	return m, nil
}

// readVocabMap reads a {"token": id, ...} object into vocab, made if nil: a repeated vocab adds to the
// map, as in encoding/json. null yields nil.
func readVocabMap(s *jsonscan.Scanner, vocab map[string]uint32) map[string]uint32 {
	if s.Null() {
		return nil
	}
	if vocab == nil {
		vocab = make(map[string]uint32)
	}
	for tok := range s.Members() {
		tok := string(tok)
		vocab[tok] = uint32(s.Uint(1<<32 - 1))
	}
	return vocab
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
