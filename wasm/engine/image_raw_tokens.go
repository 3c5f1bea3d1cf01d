package engine

// The raw token filter of a byte-level model with ignore_merges (bpe_raw_tokens.go) follows the byte-level
// cuts in the image, so that loading an image does not rebuild it (about 80 ms inside wasm for Llama-3):
// present u8 (0 or 1), then log2 of its bits u8 and, aligned, the bits as u64 words, read in place. As with
// the cuts, an image's word is taken for it.

func appendRawTokensImage(dst []byte, f *rawTokenFilter) []byte {
	if f == nil {
		return append(dst, 0)
	}
	return appendU64sRaw(appendPadding(append(dst, 1, byte(64-f.shift)), 0), f.bits)
}

// readRawTokensImage reads the filter of m written by appendRawTokensImage.
func readRawTokensImage(r *imageReader, m *bpeModel) *rawTokenFilter {
	present := r.u8("raw token filter")
	if r.err != nil || present == 0 {
		return nil
	}
	bits := uint(r.u8("raw token filter size"))
	if r.err != nil {
		return nil
	}
	if present != 1 || !m.rawOK || !m.ignoreMerges || bits != rawTokenFilterBits(m.vocab.len()) {
		r.fail("raw token filter: %d of 2^%d bits for this model", present, bits)
		return nil
	}
	r.align()
	f := &rawTokenFilter{bits: viewU64s(r.take(8<<(bits-6), "raw token filter")), shift: 64 - bits}
	if r.err != nil {
		return nil
	}
	return f
}
