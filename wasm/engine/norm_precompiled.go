package engine

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/tokenizerd/tokenizerd/wasm/engine/jsonscan"
)

// precompiledNormalizer is SentencePiece's normalizer as HF runs it (normalizers::Precompiled, crate
// spm_precompiled): the precompiled_charsmap is a little-endian u32 trie size, a Darts double array
// of that many bytes, then NUL-terminated replacement strings the trie values point into.
//
// HF walks the text by extended grapheme clusters: a cluster shorter than 6 bytes is looked up whole;
// otherwise (or when that finds nothing) each of its runes is looked up alone. A lookup takes the
// shortest rule that is a prefix of the piece and replaces the whole piece with it.
type precompiledNormalizer struct {
	trie         dartsArray
	replacements string

	// ascii caches the lookup of each single ASCII byte: replacement start+1, 0 for none.
	ascii [128]int32
	dest  []runeChange // scratch of normalize
}

func newPrecompiledNormalizer(raw rawJSON, path string) (normalizer, error) {
	var charsmap *string
	err := scanComponent(raw, path, func(s *jsonscan.Scanner, key []byte) {
		if string(key) == "precompiled_charsmap" {
			readOptString(s, &charsmap)
		} else {
			s.Skip()
		}
	})
	if err != nil {
		return nil, err
	}
	if charsmap == nil {
		return nil, fmt.Errorf("engine: %s: missing precompiled_charsmap", path)
	}
	blob, err := base64.StdEncoding.DecodeString(*charsmap)
	if err != nil {
		return nil, fmt.Errorf("engine: %s.precompiled_charsmap: %w", path, err)
	}
	p, err := parsePrecompiled(blob)
	if err != nil {
		return nil, fmt.Errorf("engine: %s.precompiled_charsmap: %w", path, err)
	}
	return p, nil
}

func parsePrecompiled(blob []byte) (*precompiledNormalizer, error) {
	if len(blob) < 4 {
		return nil, fmt.Errorf("cannot parse: %d bytes", len(blob))
	}
	size := binary.LittleEndian.Uint32(blob)
	units := int(size / 4)
	rest := blob[4:]
	if len(rest) < units*4 {
		return nil, fmt.Errorf("cannot parse: trie of %d bytes in %d", size, len(rest))
	}
	trie := make(dartsArray, units)
	for i := range trie {
		trie[i] = binary.LittleEndian.Uint32(rest[i*4:])
	}
	replacements := rest[units*4:]
	if !utf8.Valid(replacements) {
		return nil, fmt.Errorf("replacement strings are not valid UTF-8")
	}
	p := &precompiledNormalizer{trie: trie, replacements: string(replacements)}
	for c := 0; c < 128; c++ {
		if v, ok := p.lookup(string(rune(c))); ok {
			p.ascii[c] = int32(v) + 1
		}
	}
	return p, nil
}

// lookup is spm_precompiled's transform: the start of the replacement of the shortest rule that
// prefixes piece. A value outside the strings (which would make HF panic) counts as no rule.
func (p *precompiledNormalizer) lookup(piece string) (int, bool) {
	v, ok := p.trie.firstPrefixValue(piece)
	if !ok || int(v) > len(p.replacements) || !isRuneBoundary(p.replacements, int(v)) {
		return 0, false
	}
	return int(v), true
}

// replacementAt is the NUL-terminated replacement string starting at start.
func (p *precompiledNormalizer) replacementAt(start int) string {
	s := p.replacements[start:]
	if end := strings.IndexByte(s, 0); end >= 0 {
		s = s[:end]
	}
	return s
}

// transform is the replacement of piece, if some rule applies.
func (p *precompiledNormalizer) transform(piece string) (string, bool) {
	if len(piece) == 1 && piece[0] < utf8.RuneSelf {
		if v := p.ascii[piece[0]]; v != 0 {
			return p.replacementAt(int(v - 1)), true
		}
		return "", false
	}
	start, ok := p.lookup(piece)
	if !ok {
		return "", false
	}
	return p.replacementAt(start), true
}

func (p *precompiledNormalizer) normalize(n *normalizedString) error {
	s := n.get()
	dest := p.dest[:0]
	// Only the bytes from just before the first change to the end of the last one are rewritten;
	// HF rewrites the whole string, which gives the same alignments except when a removal at the
	// very start finds no rune to charge: then, as in HF, every later rune shifts, up to the end.
	rangeStart := -1
	changeEnd, changeDest := 0, 0 // end of the last changed cluster, and len(dest) after it
	toEnd := false
	state := -1
	for i := 0; i < len(s); {
		var cluster string
		if c := s[i]; c < utf8.RuneSelf && c != '\r' && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			// An ASCII byte followed by ASCII is a cluster of its own, except CR LF.
			if p.ascii[c] == 0 {
				// No rule: the common case, without a call.
				if rangeStart >= 0 {
					dest = append(dest, runeChange{rune(c), 0})
				}
				i, state = i+1, -1
				continue
			}
			cluster, state = s[i:i+1], -1
		} else {
			cluster, _, _, state = uniseg.FirstGraphemeClusterInString(s[i:], state)
		}
		if rangeStart < 0 {
			if !p.changes(cluster) {
				i += len(cluster)
				continue
			}
			rangeStart = i
			if i > 0 {
				// Start one rune early: a removal here is charged to that rune.
				c, size := utf8.DecodeLastRuneInString(s[:i])
				rangeStart = i - size
				dest = append(dest, runeChange{c, 0})
			}
		}
		var changed, lost bool
		dest, changed, lost = p.appendCluster(dest, cluster)
		i += len(cluster)
		if changed {
			changeEnd, changeDest = i, len(dest)
		}
		toEnd = toEnd || lost
	}
	p.dest = dest
	switch {
	case rangeStart < 0:
	case toEnd:
		n.transformRange(rangeStart, len(s), dest, 0)
	default:
		n.transformRange(rangeStart, changeEnd, dest[:changeDest], 0)
	}
	return nil
}

// changes reports whether some rule applies to the cluster or one of its runes.
func (p *precompiledNormalizer) changes(cluster string) bool {
	if len(cluster) < 6 {
		if _, ok := p.transform(cluster); ok {
			return true
		}
	}
	for i, c := range cluster {
		if _, ok := p.transform(cluster[i : i+utf8.RuneLen(c)]); ok {
			return true
		}
	}
	return false
}

// appendCluster appends the rewrite of one grapheme cluster, as HF's Precompiled::normalize does;
// changed says whether a rule applied, lost that a removal found no earlier rune to charge.
func (p *precompiledNormalizer) appendCluster(dest []runeChange, cluster string) (out []runeChange, changed, lost bool) {
	if len(cluster) < 6 {
		if norm, ok := p.transform(cluster); ok {
			dest, lost = appendReplacement(dest, cluster, norm)
			return dest, true, lost
		}
	}
	for i, c := range cluster {
		part := cluster[i : i+utf8.RuneLen(c)]
		if norm, ok := p.transform(part); ok {
			var l bool
			dest, l = appendReplacement(dest, part, norm)
			changed, lost = true, lost || l
		} else {
			dest = append(dest, runeChange{c, 0})
		}
	}
	return dest, changed, lost
}

// appendReplacement records that old becomes replacement: its runes replace old's one for one, the
// surplus ones count as insertions, and a shortfall is charged to the last rune written so far (which
// may belong to an earlier piece). lost reports a shortfall with no rune to charge, which HF drops.
func appendReplacement(dest []runeChange, old, replacement string) ([]runeChange, bool) {
	diff := utf8.RuneCountInString(replacement) - utf8.RuneCountInString(old)
	for _, c := range replacement {
		dest = append(dest, runeChange{c, 0})
	}
	switch {
	case diff > 0:
		for k := len(dest) - diff; k < len(dest); k++ {
			dest[k].change = 1
		}
	case diff < 0 && len(dest) > 0:
		dest[len(dest)-1].change += diff
	case diff < 0:
		return dest, true
	}
	return dest, false
}
