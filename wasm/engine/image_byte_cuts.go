package engine

// The byte-level cuts a BPE model proved (bpe_byte_cuts.go) follow its segments in the image, so that
// loading an image does not redo the proof (about 90 ms for Qwen3 inside wasm): present u8 (0 or 1),
// then the byte pairs K as u64 words, the character pairs J as appendPairCutsImage writes them, and the
// filter over J's pairs as its u64 words, in place. As with the segments, an image's word is taken for
// them, and what is read is checked to be well formed; whatever its bits, the filter only decides
// which pairs are searched in J.

func appendByteCutsImage(dst []byte, c *byteCuts) []byte {
	if c == nil {
		return append(dst, 0)
	}
	dst = appendU64s(append(dst, 1), c.bytesJoined[:])
	return appendU64sRaw(appendPairCutsImage(dst, &c.chars), c.pairFilter)
}

// readByteCutsImage reads the byte-level cuts of m written by appendByteCutsImage.
func readByteCutsImage(r *imageReader, m *bpeModel) *byteCuts {
	present := r.u8("byte cuts")
	if r.err != nil || present == 0 {
		return nil
	}
	if present != 1 || !m.rawOK {
		r.fail("byte cuts: %d for this model", present)
		return nil
	}
	c := &byteCuts{}
	readU64s(r, c.bytesJoined[:], "byte cuts: byte pairs")
	p := readPairCutsImage(r, "byte cuts")
	if p == nil {
		return nil
	}
	c.chars = *p
	c.pairFilter = viewU64s(r.take(8*pairFilterWords, "byte cuts: pair filter"))
	return c
}
