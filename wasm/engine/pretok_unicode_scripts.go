package engine

import "sort"

// unicodeScriptsPreTokenizer is HF's UnicodeScripts: split where the script changes. Spaces and
// characters without a script never cause a split; Hiragana, Katakana and 'ー' count as Han, as in
// SentencePiece. As in HF, the first piece starts at the first character that has a script: what comes
// before it is dropped, and a piece with no script at all disappears.
type unicodeScriptsPreTokenizer struct{}

func (unicodeScriptsPreTokenizer) preTokenize(p *preTokenizedString) error {
	return p.splitWith(func(n *normalizedString, dst []split) ([]split, error) {
		s := n.get()
		start := -1
		last := scriptAny // no script seen yet
		for i, r := range s {
			sc := sentencePieceScript(r)
			if sc == scriptAny || sc == last {
				continue
			}
			if start >= 0 {
				dst = appendSlice(dst, n, span{start, i})
			}
			start, last = i, sc
		}
		if start >= 0 {
			dst = appendSlice(dst, n, span{start, len(s)})
		}
		return dst, nil
	})
}

// sentencePieceScript is HF's fixed_script.
func sentencePieceScript(r rune) script {
	switch r {
	case 0x30FC:
		return scriptHan
	case ' ':
		return scriptAny
	}
	switch sc := scriptOf(r); sc {
	case scriptHiragana, scriptKatakana:
		return scriptHan
	default:
		return sc
	}
}

// scriptOf looks r up in scriptRanges.
func scriptOf(r rune) script {
	c := uint32(r)
	i := sort.Search(len(scriptRanges), func(i int) bool { return scriptRanges[i].hi >= c })
	if i < len(scriptRanges) && scriptRanges[i].lo <= c {
		return scriptRanges[i].script
	}
	return scriptAny
}
