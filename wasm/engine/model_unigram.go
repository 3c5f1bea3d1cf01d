package engine

import (
	"errors"
	"fmt"
	"math"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// ErrMissingUnkID is returned when a Unigram model without unk_id meets a character it cannot cover.
var ErrMissingUnkID = errors.New("engine: unigram: unknown token but no unk_id")

// unkPenalty is how much worse than the worst piece an unknown character scores (HF K_UNK_PENALTY).
const unkPenalty = 10.0

// unigramModel is HF's Unigram model: the best segmentation by the sum of piece scores (Viterbi),
// consecutive unknown characters fused into one token, optionally spelled as <0xXX> byte tokens.
type unigramModel struct {
	pieces       []string  // by id
	scores       []float64 // by id
	vocab        *strTable // piece -> id; a repeated piece keeps its last id
	trie         *doubleArray
	unkID        uint32
	hasUnk       bool
	unkScore     float64
	byteFallback bool
	byteIDs      [256]uint32 // id of "<0xXX>"
	hasByteID    [256]bool
	cache        *wordCache
	lattice      []latticeCell
	pieceBuf     []wordSymbol
}

// latticeCell is the best path ending at one byte position (HF BestPathNode).
type latticeCell struct {
	score    float64
	startsAt int32 // -1 while no path reaches here
	id       uint32
}

// unigramPiece reads one ["piece", score] vocabulary entry.
type unigramPiece struct {
	piece string
	score float64
}

// readUnigramVocab reads the vocabulary: a list of entries, never nil, or nil for null.
func readUnigramVocab(s *jsonscan.Scanner, path string) []unigramPiece {
	if s.Null() {
		return nil
	}
	vocab := []unigramPiece{}
	for i := range s.Elements() {
		vocab = append(vocab, readUnigramPiece(s, path, i))
	}
	return vocab
}

// readUnigramPiece reads entry i of the vocabulary, ["piece", score]; a null piece stays "". path names
// the model in errors.
func readUnigramPiece(s *jsonscan.Scanner, path string, i int) unigramPiece {
	var p unigramPiece
	n := 0
	for item := range s.Elements() {
		switch item {
		case 0:
			readString(s, &p.piece)
		case 1:
			// The score goes through serdeFloat, which rounds as HF does, not through strconv.
			if s.Peek() != jsonscan.Number {
				s.Fail(fmt.Errorf("engine: %s.vocab[%d]: score of %q: %w", path, i, p.piece, errBadNumber))
				return p
			}
			score, err := serdeFloat(string(s.Number()))
			if err != nil {
				s.Fail(fmt.Errorf("engine: %s.vocab[%d]: score of %q: %w", path, i, p.piece, err))
				return p
			}
			p.score = score
		default:
			s.Skip()
		}
		n++
	}
	if n != 2 && s.Err() == nil {
		s.Fail(fmt.Errorf("engine: %s.vocab[%d]: expected [piece, score], got %d items", path, i, n))
	}
	return p
}

func newUnigramModel(raw rawJSON, path string) (model, error) {
	var r struct {
		Vocab        []unigramPiece // nil when absent or null
		UnkID        *int
		ByteFallback bool
	}
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "vocab":
			r.Vocab = readUnigramVocab(s, path)
		case "unk_id":
			readOptInt(s, &r.UnkID)
		case "byte_fallback":
			readBool(s, &r.ByteFallback)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if r.Vocab == nil {
		return nil, fmt.Errorf("engine: %s: missing vocab", path)
	}
	vocab := r.Vocab
	m := &unigramModel{
		pieces:       make([]string, len(vocab)),
		scores:       make([]float64, len(vocab)),
		vocab:        newStrTable(len(vocab)),
		byteFallback: r.ByteFallback,
		cache:        newWordCache(),
	}
	if r.UnkID != nil {
		if len(vocab) == 0 {
			return nil, fmt.Errorf("engine: %s: the vocabulary is empty but at least <unk> is needed", path)
		}
		if *r.UnkID < 0 || *r.UnkID >= len(vocab) {
			return nil, fmt.Errorf("engine: %s: unk_id %d is not in the vocabulary", path, *r.UnkID)
		}
		m.unkID, m.hasUnk = uint32(*r.UnkID), true
	}
	minScore := 0.0
	ids := make([]int32, len(vocab))
	for id, p := range vocab {
		m.pieces[id], m.scores[id] = p.piece, p.score
		m.vocab.put(p.piece, uint32(id))
		ids[id] = int32(id)
		if id == 0 || p.score < minScore {
			minScore = p.score
		}
	}
	if len(vocab) == 0 {
		minScore = math.Inf(1)
	}
	m.unkScore = minScore - unkPenalty
	m.trie = newDoubleArray(m.pieces, ids)
	for b := 0; b < 256; b++ {
		m.byteIDs[b], m.hasByteID[b] = m.vocab.get(byteFallbackToken(byte(b)))
	}
	return m, nil
}

// byteFallbackToken is the "<0xXX>" token of byte b.
func byteFallbackToken(b byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'<', '0', 'x', hex[b>>4], hex[b&15], '>'})
}

func (m *unigramModel) tokenToID(tok string) (uint32, bool) { return m.vocab.get(tok) }

func (m *unigramModel) idToToken(id uint32) (string, bool) {
	if int(id) >= len(m.pieces) {
		return "", false
	}
	return m.pieces[id], true
}

func (m *unigramModel) vocabSize() int { return len(m.pieces) }

// tokenize segments s and turns the pieces into tokens (HF Unigram::tokenize).
func (m *unigramModel) tokenize(s string, dst []token) ([]token, error) {
	if s == "" {
		return dst, nil
	}
	pieces, ok := m.cache.get(s)
	if !ok {
		var err error
		if pieces, err = m.viterbi(s); err != nil {
			return nil, err
		}
		m.cache.put(s, pieces)
	}
	pos := 0
	for _, p := range pieces {
		end := pos + int(p.len)
		dst = m.appendToken(dst, s[pos:end], p.id, pos, end)
		pos = end
	}
	return dst, nil
}

// appendToken adds the token of one piece. A fused run of unknown characters is looked up like any
// piece (HF looks every piece up by its text), then spelled in byte tokens that all span the whole
// run, else left as the unknown token carrying the run's text.
func (m *unigramModel) appendToken(dst []token, piece string, id uint32, start, end int) []token {
	if !m.hasUnk || id != m.unkID {
		return append(dst, token{id: id, value: m.pieces[id], start: start, end: end})
	}
	if known, ok := m.vocab.get(piece); ok {
		return append(dst, token{id: known, value: m.pieces[known], start: start, end: end})
	}
	if m.byteFallback && m.allBytesKnown(piece) {
		for i := 0; i < len(piece); i++ {
			b := piece[i]
			dst = append(dst, token{id: m.byteIDs[b], value: m.pieces[m.byteIDs[b]], start: start, end: end})
		}
		return dst
	}
	return append(dst, token{id: id, value: piece, start: start, end: end})
}

func (m *unigramModel) allBytesKnown(piece string) bool {
	for i := 0; i < len(piece); i++ {
		if !m.hasByteID[piece[i]] {
			return false
		}
	}
	return true
}

// viterbi is HF's encode_optimized: for every byte position, the best-scoring path that ends there.
// Candidates are tried by start position, then by length, and only a strictly better score replaces
// the current best, so ties keep the earlier candidate as in HF. Consecutive unknown pieces are fused.
func (m *unigramModel) viterbi(s string) ([]wordSymbol, error) {
	n := len(s)
	if cap(m.lattice) < n+1 {
		m.lattice = make([]latticeCell, n+1)
	}
	cells := m.lattice[:n+1]
	for i := range cells {
		cells[i] = latticeCell{startsAt: -1}
	}
	nodes := m.trie.nodes
	for start := 0; start < n; {
		base := cells[start].score
		charLen := runeLenAt(s, start)
		single := false
		node := int32(0)
		for j := start; j < n; j++ {
			t := int(nodes[node].base) + int(s[j])
			if t >= len(nodes) || nodes[t].check != node {
				break
			}
			node = int32(t)
			id := nodes[t].value
			if id < 0 {
				continue
			}
			cell := &cells[j+1]
			if candidate := m.scores[id] + base; cell.startsAt < 0 || candidate > cell.score {
				*cell = latticeCell{score: candidate, startsAt: int32(start), id: uint32(id)}
			}
			if j+1-start == charLen {
				single = true
			}
		}
		if !single {
			if !m.hasUnk {
				return nil, ErrMissingUnkID
			}
			cell := &cells[start+charLen]
			if candidate := m.unkScore + base; cell.startsAt < 0 || candidate > cell.score {
				*cell = latticeCell{score: candidate, startsAt: int32(start), id: m.unkID}
			}
		}
		start += charLen
	}
	// Walk back from the end, fusing runs of pieces with the unknown id (HF fuses any such piece,
	// even the literal unknown token's text).
	out := m.pieceBuf[:0]
	for end := n; end > 0; {
		c := cells[end]
		size := uint32(end - int(c.startsAt))
		if m.hasUnk && c.id == m.unkID && len(out) > 0 && out[len(out)-1].id == m.unkID {
			out[len(out)-1].len += size
		} else {
			out = append(out, wordSymbol{id: c.id, len: size})
		}
		end = int(c.startsAt)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	m.pieceBuf = out
	return out, nil
}
