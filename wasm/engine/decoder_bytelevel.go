package engine

// byteLevelDecoder maps the visible runes back to bytes (HF ByteLevel decoder). A token with a rune
// outside the table is kept as it is; invalid UTF-8 in the result becomes U+FFFD, as from_utf8_lossy does.
type byteLevelDecoder struct{}

func (byteLevelDecoder) decodeChain(tokens []string) ([]string, error) {
	var out []byte
	for _, t := range tokens {
		start := len(out)
		for _, r := range t {
			b, ok := runeByte(r)
			if !ok {
				out = append(out[:start], t...)
				break
			}
			out = append(out, b)
		}
	}
	return []string{utf8Lossy(out)}, nil
}
