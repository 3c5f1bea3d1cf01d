package engine

// The pipeline's components, in the order Encode runs them (see doc.go). Each concrete type lives in
// its own file and is registered in load.go.

// normalizer rewrites a string in place, keeping its alignments (HF Normalizer).
type normalizer interface {
	normalize(n *normalizedString) error
}

// preTokenizer splits the pieces of a pre-tokenized string further (HF PreTokenizer).
type preTokenizer interface {
	preTokenize(p *preTokenizedString) error
}

// token is one model output; start and end are byte offsets in the string the model was given.
type token struct {
	id         uint32
	value      string
	start, end int
}

// model turns one pre-token into tokens (HF Model). tokenize appends to dst.
type model interface {
	tokenize(s string, dst []token) ([]token, error)
	tokenToID(tok string) (uint32, bool)
	idToToken(id uint32) (string, bool)
	vocabSize() int
}

// byteModel is a model that can tokenize raw bytes standing for their byte-level runes, which saves
// the ByteLevel pre-tokenizer from rewriting every piece. Offsets of its tokens are raw byte offsets.
type byteModel interface {
	acceptsRawBytes() bool
	tokenizeRaw(raw string, dst []token) ([]token, error)
}

// postProcessor adds special tokens and adjusts offsets of the encodings of one input (HF PostProcessor).
type postProcessor interface {
	// addedTokens is how many tokens processEncodings adds with add_special_tokens.
	addedTokens(isPair bool) int
	processEncodings(encs []*Encoding, addSpecialTokens bool) ([]*Encoding, error)
	// keepsSingleInput reports that processEncodings, given one input without special tokens, changes
	// nothing in it but its sequence id (0): its type ids stay 0 and its offsets stay as they are.
	keepsSingleInput() bool
}

// decoder turns tokens back into text pieces (HF Decoder::decode_chain).
type decoder interface {
	decodeChain(tokens []string) ([]string, error)
}
