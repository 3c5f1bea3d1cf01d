package engine

import "unicode/utf8"

// byteFallbackDecoder turns runs of <0xXX> tokens back into the text their bytes spell; a run that is
// not valid UTF-8 becomes one U+FFFD per byte (HF decoders::ByteFallback).
type byteFallbackDecoder struct{}

// fallbackByte reads a token of the form <0xXX>. Like Rust's u8::from_str_radix, which HF uses, it
// takes either case and a leading plus sign ("<0x+A>" is byte 0x0A).
func fallbackByte(tok string) (byte, bool) {
	if len(tok) != 6 || tok[:3] != "<0x" || tok[5] != '>' {
		return 0, false
	}
	lo, ok := hexDigit(tok[4])
	if tok[3] == '+' {
		return lo, ok
	}
	hi, okHi := hexDigit(tok[3])
	return hi<<4 | lo, ok && okHi
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (byteFallbackDecoder) decodeChain(tokens []string) ([]string, error) {
	out := tokens[:0:0]
	var pending []byte
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if utf8.Valid(pending) {
			out = append(out, string(pending))
		} else {
			for range pending {
				out = append(out, "\uFFFD")
			}
		}
		pending = pending[:0]
	}
	for _, tok := range tokens {
		if b, ok := fallbackByte(tok); ok {
			pending = append(pending, b)
			continue
		}
		flush()
		out = append(out, tok)
	}
	flush()
	return out, nil
}
