package engine

// charTokens caches the tokens of the segments that are one three-byte character: most segments of CJK
// text, of which the word cache, direct-mapped and shared with whole words, loses a part to collisions.
// It is indexed by the character, so a lookup needs no hash, no key comparison and never collides. Pages
// of 256 characters are allocated on first use and hold no pointers; the tokens themselves go to one
// arena, up to charTokensMax of them, after which new characters go through the word cache again.
type charTokens struct {
	pages [256]*charTokensPage
	arena []wordToken
}

// charTokensPage holds, per character, where its tokens start in the arena shifted left by two, plus
// their count (one to three: a character has three bytes); 0 for a character not cached.
type charTokensPage [256]uint32

// charTokensMax bounds the arena: 64k tokens of 32 bytes, more than the characters of any real text need.
const charTokensMax = 1 << 16

// isChar3 reports whether seg is a lead byte of three and two continuation bytes: one three-byte
// character, or a sequence that maps to a code point of its own all the same (char3 keeps every bit).
func isChar3(seg string) bool {
	return len(seg) == 3 && seg[0]&0xF0 == 0xE0 && seg[1]&0xC0 == 0x80 && seg[2]&0xC0 == 0x80
}

// char3 is the code point of a three-byte character.
func char3(seg string) uint32 {
	return uint32(seg[0]&0x0F)<<12 | uint32(seg[1]&0x3F)<<6 | uint32(seg[2]&0x3F)
}

// get returns the cached tokens of the three-byte character seg, or nil.
func (c *charTokens) get(seg string) []wordToken {
	r := char3(seg)
	page := c.pages[r>>8]
	if page == nil {
		return nil
	}
	e := page[r&0xFF]
	if e == 0 {
		return nil
	}
	return c.arena[e>>2 : e>>2+e&3]
}

// put caches toks, the tokens of the three-byte character seg, while the arena has room.
func (c *charTokens) put(seg string, toks []wordToken) {
	if len(c.arena)+len(toks) > charTokensMax || len(toks) == 0 || len(toks) > 3 {
		return
	}
	r := char3(seg)
	page := c.pages[r>>8]
	if page == nil {
		page = new(charTokensPage)
		c.pages[r>>8] = page
	}
	page[r&0xFF] = uint32(len(c.arena))<<2 | uint32(len(toks))
	c.arena = append(c.arena, toks...)
}
