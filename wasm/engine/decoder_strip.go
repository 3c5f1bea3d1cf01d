package engine

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// stripDecoder removes up to start leading and stop trailing occurrences of one rune from every token
// (HF decoders::Strip).
type stripDecoder struct {
	content     rune
	start, stop int
}

func newStripDecoder(raw json.RawMessage, path string) (decoder, error) {
	var r struct {
		Content string `json:"content"`
		Start   int    `json:"start"`
		Stop    int    `json:"stop"`
	}
	if err := decodeComponent(raw, path, &r); err != nil {
		return nil, err
	}
	c, size := utf8.DecodeRuneInString(r.Content)
	if size == 0 || size != len(r.Content) || r.Start < 0 || r.Stop < 0 {
		return nil, fmt.Errorf("engine: %s: content must be one character and start/stop non-negative", path)
	}
	return stripDecoder{content: c, start: r.Start, stop: r.Stop}, nil
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
