package engine

import "unicode/utf8"

// GPT-2's byte-to-unicode table: printable bytes stand for themselves, the 68 others are moved to
// U+0100 onwards in byte order, so that every byte has a visible rune.

// byteRune returns the rune that stands for byte b.
func byteRune(b byte) rune {
	switch {
	case b <= 0x20:
		return 256 + rune(b)
	case b >= 0x7F && b <= 0xA0:
		return rune(b) + 162
	case b == 0xAD:
		return 323
	}
	return rune(b)
}

// runeByte is the inverse of byteRune.
func runeByte(r rune) (byte, bool) {
	switch {
	case r < 0:
		return 0, false
	case r <= 0xFF:
		b := byte(r)
		if b <= 0x20 || (b >= 0x7F && b <= 0xA0) || b == 0xAD {
			return 0, false
		}
		return b, true
	case r <= 256+0x20:
		return byte(r - 256), true
	case r <= 0xA0+162:
		return byte(r - 162), true
	case r == 323:
		return 0xAD, true
	}
	return 0, false
}

// byteLevelEncode rewrites n so that every byte of it becomes the rune standing for it (the normalize
// step of HF's ByteLevel pre-tokenizer). Each output rune of an input rune is aligned like that rune.
func byteLevelEncode(n *normalizedString) {
	n.ensureAlign()
	s := n.get()
	out := make([]byte, 0, len(s)*2)
	align := make([]span, 0, len(s)*2)
	var buf [4]byte
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		for k := 0; k < size; k++ {
			a := n.align[i+size-1]
			if k == 0 {
				a = n.align[i]
			}
			w := utf8.EncodeRune(buf[:], byteRune(s[i+k]))
			out = append(out, buf[:w]...)
			for ; w > 0; w-- {
				align = append(align, a)
			}
		}
		i += size
	}
	n.normalized, n.align = string(out), align
}
