package engine

import (
	"fmt"
	"math"
)

// The binary form of a WordPiece model: unk_token and continuing_subword_prefix (blobs),
// max_input_chars_per_word u32, the vocabulary (vocabTable.appendImage) and the trie (appendTrieImage).
// What newWordPiece derives from them (tokens by id, the prefix's node, the one-byte words) is derived
// again at load: it takes well under a millisecond.

func (m *wordPieceModel) imageKind() byte { return modelKindWordPiece }

func (m *wordPieceModel) imageSize() int {
	v := m.vocab
	return len(v.arena) + 4*(len(v.offs)+len(v.ids)+len(v.byID)+len(v.index)) + 12*len(m.trie.nodes) + 64
}

func (m *wordPieceModel) appendImage(dst []byte) []byte {
	dst = appendBlob(dst, []byte(m.unkToken))
	dst = appendBlob(dst, []byte(m.prefix))
	dst = appendU32(dst, uint32(m.maxChars))
	dst = m.vocab.appendImage(dst)
	return appendTrieImage(dst, m.trie)
}

func readWordPieceImage(r *imageReader) (model, error) {
	opts := wordPieceOptions{
		unkToken: string(r.blob("unk_token")),
		prefix:   string(r.blob("continuing_subword_prefix")),
		maxChars: int(r.u32("max_input_chars_per_word")),
	}
	if opts.maxChars > maxWordChars {
		return nil, fmt.Errorf("%w: max_input_chars_per_word %d", ErrBadImage, opts.maxChars)
	}
	lim := DefaultLimits()
	vocab, inIDOrder, err := readVocabImage(r, lim.MaxVocab)
	if err != nil {
		return nil, err
	}
	trie, err := readTrieImage(r, vocab, inIDOrder)
	if err != nil {
		return nil, err
	}
	return newWordPiece(opts, vocab, trie), nil
}

// appendTrieImage writes the trie's nodes as they are in memory: node count u32, then aligned nodes of
// base, check and value (i32 each).
func appendTrieImage(dst []byte, d *doubleArray) []byte {
	dst = appendU32(dst, uint32(len(d.nodes)))
	return appendNodesRaw(appendPadding(dst, 0), d.nodes)
}

// readTrieImage reads what appendTrieImage wrote, in place, and checks what keeps walks in range: a root,
// no negative base (a child's index is base plus a byte, compared with the length before use), and values
// that are tokens of the vocabulary (ids below its length when it is inIDOrder). A wrong check word can
// only make a walk miss or end elsewhere.
func readTrieImage(r *imageReader, vocab *vocabTable, inIDOrder bool) (*doubleArray, error) {
	// Nothing bounds the free slots between nodes but the bytes left, which count checks.
	n := r.count(math.MaxInt32, 12, "trie nodes")
	r.align()
	nodes := viewNodes(r.take(12*n, "trie nodes"))
	if r.err != nil {
		return nil, r.err
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: trie without a root", ErrBadImage)
	}
	if inIDOrder && trieNodesSound(nodes, uint32(vocab.len())) {
		return &doubleArray{nodes: nodes}, nil
	}
	for i, node := range nodes { // find the bad node for the error, or accept a sparse vocabulary
		if node.base < 0 || (node.value != -1 && (node.value < 0 || !vocab.has(uint32(node.value)))) {
			return nil, fmt.Errorf("%w: trie node %d: base %d, value %d", ErrBadImage, i, node.base, node.value)
		}
	}
	return &doubleArray{nodes: nodes}, nil
}
