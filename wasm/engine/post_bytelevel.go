package engine

import "unicode/utf8"

// byteLevelPostProcessor trims the offsets of tokens so that they leave out the spaces the tokens
// start or end with (HF ByteLevel post-processor with trim_offsets).
type byteLevelPostProcessor struct {
	addPrefixSpace bool
	trimOffsets    bool
}

func newByteLevelPostProcessor(raw rawJSON, path string) (postProcessor, error) {
	r, err := scanByteLevelConfig(raw, path)
	if err != nil {
		return nil, err
	}
	return byteLevelPostProcessor{addPrefixSpace: r.AddPrefixSpace, trimOffsets: r.TrimOffsets}, nil
}

func (byteLevelPostProcessor) addedTokens(bool) int { return 0 }

// keepsSingleInput: without trim_offsets, the processor only sets sequence ids.
func (b byteLevelPostProcessor) keepsSingleInput() bool { return !b.trimOffsets }

func (b byteLevelPostProcessor) processEncodings(encs []*Encoding, _ bool) ([]*Encoding, error) {
	if b.trimOffsets {
		for _, e := range encs {
			trimByteLevelOffsets(e, b.addPrefixSpace)
			for _, o := range e.Overflowing {
				trimByteLevelOffsets(o, b.addPrefixSpace)
			}
		}
	}
	for i, e := range encs {
		e.setSequenceID(i)
	}
	return encs, nil
}

// isByteLevelSpace is true for 'Ġ' (the rune standing for a space) and for white space.
func isByteLevelSpace(r rune) bool { return r == 0x120 || isWhitespace(r) }

// trimByteLevelOffsets is HF's process_offsets. HF counts the trimmed runes in code point offsets;
// here offsets are bytes, so each trimmed rune counts as the bytes it stands for in the input
// ('Ġ' for one space byte, other white space for its own length).
func trimByteLevelOffsets(e *Encoding, addPrefixSpace bool) {
	for i, tok := range e.Tokens {
		off := &e.Offsets[i]
		leadRunes, leadBytes := 0, 0
		for _, r := range tok {
			if !isByteLevelSpace(r) {
				break
			}
			leadRunes++
			leadBytes += spaceInputLen(r)
		}
		trailRunes, trailBytes := 0, 0
		for j := len(tok); j > 0; {
			r, size := utf8.DecodeLastRuneInString(tok[:j])
			if !isByteLevelSpace(r) {
				break
			}
			trailRunes++
			trailBytes += spaceInputLen(r)
			j -= size
		}
		if leadRunes > 0 {
			isFirst := i == 0 || off.Start == 0
			if !(isFirst && addPrefixSpace && leadRunes == 1) {
				off.Start = min(off.Start+leadBytes, off.End)
			}
		}
		if trailRunes > 0 && off.End >= trailBytes {
			off.End = max(off.End-trailBytes, off.Start)
		}
	}
}

// spaceInputLen is how many input bytes a trimmed rune of a token stands for.
func spaceInputLen(r rune) int {
	if r == 0x120 {
		return 1
	}
	return utf8.RuneLen(r)
}
