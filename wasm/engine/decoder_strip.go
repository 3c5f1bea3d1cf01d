package engine

import (
	"fmt"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// stripDecoder removes up to start leading and stop trailing occurrences of one rune from every token
// (HF decoders::Strip).
type stripDecoder struct {
	content     rune
	start, stop int
}

func newStripDecoder(raw rawJSON, path string) (decoder, error) {
	var content string
	var start, stop uint32 // negative counts are refused by the scanner
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		switch string(key) {
		case "content":
			readString(s, &content)
		case "start":
			readUint32(s, &start)
		case "stop":
			readUint32(s, &stop)
		default:
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	c, size := utf8.DecodeRuneInString(content)
	if size == 0 || size != len(content) {
		return nil, fmt.Errorf("engine: %s: content must be one character", path)
	}
	return stripDecoder{content: c, start: int(start), stop: int(stop)}, nil
}

func (d stripDecoder) decodeChain(tokens []string) ([]string, error) {
	for i, tok := range tokens {
		runes := []rune(tok)
		startCut := 0
		for startCut < min(d.start, len(runes)) && runes[startCut] == d.content {
			startCut++
		}
		stopCut := len(runes)
		for k := 0; k < d.stop && stopCut > 0 && runes[stopCut-1] == d.content; k++ {
			stopCut--
		}
		if stopCut < startCut {
			// HF slices chars[start_cut..stop_cut] and would panic; an all-stripped token is empty.
			stopCut = startCut
		}
		tokens[i] = string(runes[startCut:stopCut])
	}
	return tokens, nil
}
