package engine

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// bpeOptions are the BPE settings besides vocabulary and merges.
type bpeOptions struct {
	unkToken     string
	hasUnk       bool
	prefix       string // continuing_subword_prefix
	suffix       string // end_of_word_suffix
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool
}

// newBPEModel reads a BPE model with the scanner: the vocabulary goes straight into a vocabTable and the
// merges into the merge table, without building Go maps or a string per token.
func newBPEModel(raw rawJSON, path string) (model, error) {
	lim := DefaultLimits()
	s := jsonscan.New(raw, lim.MaxDepth)
	m := scanBPEModel(s, path, lim)
	if err := s.Finish(); err != nil {
		return nil, scanError(path, err)
	}
	return m, nil
}

// scanBPEModel reads a BPE model object in one pass; after an error it returns nil and s.Err() says why.
// Merges need the vocabulary and continuing_subword_prefix: HF writes both first, and merges found
// before either are read again at the end.
func scanBPEModel(s *jsonscan.Scanner, path string, lim Limits) *bpeModel {
	var (
		opts         bpeOptions
		vocab        *vocabTable
		merges       *u64Table
		mergesRaw    []byte
		mergesPrefix string // the prefix merges were read with
		seen         fieldSet
	)
	for key := range s.Members() {
		if err := seen.add(key); err != nil {
			s.Fail(fmt.Errorf("engine: %s: %w", path, err))
			break
		}
		switch string(key) {
		case "dropout":
			if !s.Null() {
				if d := s.Float(); d < 0 || d > 1 {
					s.Fail(fmt.Errorf("engine: %s.dropout: must be between 0 and 1", path))
				}
			}
		case "unk_token":
			opts.unkToken, opts.hasUnk = optString(s)
		case "continuing_subword_prefix":
			opts.prefix, _ = optString(s)
		case "end_of_word_suffix":
			opts.suffix, _ = optString(s)
		case "fuse_unk":
			opts.fuseUnk = optBool(s)
		case "byte_fallback":
			opts.byteFallback = optBool(s)
		case "ignore_merges":
			opts.ignoreMerges = optBool(s)
		case "vocab":
			vocab = scanVocabObject(s, path+".vocab", lim.MaxVocab)
		case "merges":
			mark := s.Mark()
			if vocab == nil {
				s.Skip()
			} else {
				merges, mergesPrefix = scanMerges(s, vocab, opts.prefix, path+".merges", lim.MaxMerges), opts.prefix
			}
			mergesRaw = s.Since(mark)
		default:
			s.Skip()
		}
	}
	if s.Err() != nil {
		return nil
	}
	if vocab == nil || mergesRaw == nil {
		s.Fail(fmt.Errorf("engine: %s: missing vocab/merges", path))
		return nil
	}
	if merges == nil || mergesPrefix != opts.prefix {
		again := s.Sub(mergesRaw)
		merges = scanMerges(again, vocab, opts.prefix, path+".merges", lim.MaxMerges)
		if err := again.Finish(); err != nil {
			s.Fail(scanError(path+".merges", err))
			return nil
		}
	}
	return newBPE(opts, vocab, newMergeTable(merges))
}

// proveShortcuts proves, from the model's tables, where words may be cut without changing their tokens: the
// encode shortcuts of SentencePiece-style and byte-level models.
func (m *bpeModel) proveShortcuts() {
	m.segments = proveSegments(m)
	m.rawCuts = proveByteCuts(m)
	m.rawTokens = buildRawTokenFilter(m)
	m.proved = true
}

// buildRawTokenFilter is the raw token filter of a byte-level model with ignore_merges, nil for others.
func buildRawTokenFilter(m *bpeModel) *rawTokenFilter {
	if !m.rawOK || !m.ignoreMerges {
		return nil
	}
	return newRawTokenFilter(m.vocab)
}

// newBPE assembles a BPE model from its tables; the image loader shares it.
func newBPE(opts bpeOptions, vocab *vocabTable, merges *mergeTable) *bpeModel {
	m := &bpeModel{
		vocab:        vocab,
		merges:       merges,
		unkToken:     opts.unkToken,
		hasUnk:       opts.hasUnk,
		prefix:       opts.prefix,
		suffix:       opts.suffix,
		fuseUnk:      opts.fuseUnk,
		byteFallback: opts.byteFallback,
		ignoreMerges: opts.ignoreMerges,
		cache:        newWordCache(),
	}
	var name [6]byte
	for b := range 256 {
		m.byteIDs[b], m.hasByteID[b] = vocab.getBytes(appendByteToken(name[:0], byte(b)))
	}
	m.rawOK = m.prefix == "" && m.suffix == ""
	for b := range 256 {
		id, ok := vocab.getBytes(utf8.AppendRune(name[:0], byteRune(byte(b))))
		m.rawIDs[b] = id
		m.rawOK = m.rawOK && ok
	}
	return m
}

// appendByteToken appends "<0xXX>", the byte-fallback token of b.
func appendByteToken(dst []byte, b byte) []byte {
	const hex = "0123456789ABCDEF"
	return append(dst, '<', '0', 'x', hex[b>>4], hex[b&15], '>')
}

// scanVocabObject reads a {"token": id, ...} vocabulary.
func scanVocabObject(s *jsonscan.Scanner, path string, maxVocab int) *vocabTable {
	// Growing the buffers from empty would allocate twice what they end up holding, and every byte the
	// guest touches grows its memory for good. Real files hold a vocabulary entry per 40 to 80 bytes.
	n := min(len(s.Rest())/64, maxVocab)
	b := &vocabBuilder{arena: make([]byte, 0, 8*n), offs: make([]uint32, 1, n+1), ids: make([]uint32, 0, n)}
	b.arena, b.offs, b.ids = s.UintObject(b.arena, b.offs, b.ids, uint64(maxVocab-1), maxVocab)
	if s.Err() != nil {
		s.Rewrap(func(err error) error { return scanError(path, err) })
		return nil
	}
	v, err := b.build(maxVocab)
	if err != nil {
		s.Fail(fmt.Errorf("engine: %s: %w", path, err))
		return nil
	}
	return v
}

// scanMerges reads merges written as "a b" strings or as ["a", "b"] pairs (one form for the whole list,
// as HF's untagged enum has it) into the merge table: pairKey(a, b) -> rank<<32 | id of the merged token,
// a later duplicate pair overriding an earlier one as in HF. A string must split on its single space into
// exactly two parts, as HF requires; "#version" lines are skipped.
func scanMerges(s *jsonscan.Scanner, vocab *vocabTable, prefix, path string, maxMerges int) *u64Table {
	tuple := 0
	if s.FirstElement() == jsonscan.Array {
		tuple = 2
	}
	// All strings at once into one buffer; the lookups then run without the scanner. A merge list has
	// about one merge per vocabulary entry, whose tokens add up to the merged one.
	text, ends := s.StringArray(make([]byte, 0, len(vocab.arena)+vocab.len()), make([]uint32, 0, 2*vocab.len()), tuple, maxMerges)
	if s.Err() != nil {
		s.Rewrap(func(err error) error { return scanError(path, err) })
		return nil
	}
	table := newU64Table(vocab.len())
	var merged []byte
	rank, start, lastID := 0, uint32(0), uint32(0)
	for i := 0; i < len(ends); i++ {
		var a, b []byte
		if tuple == 0 {
			line := text[start:ends[i]]
			start = ends[i]
			if bytes.HasPrefix(line, []byte("#version")) {
				continue
			}
			sp := bytes.IndexByte(line, ' ')
			if sp < 0 || bytes.IndexByte(line[sp+1:], ' ') >= 0 {
				s.Fail(fmt.Errorf("engine: %s: merge %d %q does not split into two tokens", path, rank+1, line))
				return nil
			}
			a, b = line[:sp], line[sp+1:]
		} else {
			a, b = text[start:ends[i]], text[ends[i]:ends[i+1]]
			start = ends[i+1]
			i++
		}
		// HF drops len(prefix) bytes of the right token whether or not it starts with the prefix.
		if len(b) < len(prefix) {
			s.Fail(fmt.Errorf("engine: %s[%d]: token %q is shorter than continuing_subword_prefix", path, rank, b))
			return nil
		}
		merged = append(append(merged[:0], a...), b[len(prefix):]...)
		ida, okA := vocab.getBytes(a)
		idb, okB := vocab.getBytes(b)
		// Vocabularies usually number merged tokens in merge order: try the id after the last one first.
		id, okM := lastID+1, false
		if tok, ok := vocab.token(id); ok && tok == string(merged) {
			okM = true
		} else {
			id, okM = vocab.getBytes(merged)
		}
		lastID = id
		if !okA || !okB || !okM {
			missing := a
			if okA && okB {
				missing = merged
			} else if okA {
				missing = b
			}
			s.Fail(fmt.Errorf("engine: %s[%d]: token %q out of vocabulary", path, rank, missing))
			return nil
		}
		table.put(pairKey(ida, idb), uint64(rank)<<32|uint64(id))
		rank++
	}
	return table
}
