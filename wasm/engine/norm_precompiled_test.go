package engine

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// tinyCharsmap is a hand-laid Darts-clone array with the rules "a" -> "A", "ab" -> "Q", "r" -> "":
//
//	unit 0: root, offset 1          -> children at 1^c
//	unit 96 (1^'a'): label 'a', has leaf, offset 1 -> its node at 97
//	unit 97: leaf, value 0           -> "A"
//	unit 3 (97^'b'): label 'b', has leaf, offset 8 -> its node at 11
//	unit 11: leaf, value 2           -> "Q"
//	unit 115 (1^'r'): label 'r', has leaf, offset 1 -> its node at 114
//	unit 114: leaf, value 1          -> "" (the NUL after "A")
func tinyCharsmap() []byte {
	units := make([]uint32, 116)
	units[115] = 'r' | 1<<8 | 1<<10
	units[114] = 1<<31 | 1
	units[0] = 1 << 10
	units[96] = 'a' | 1<<8 | 1<<10
	units[97] = 1<<31 | 0
	units[3] = 'b' | 1<<8 | 8<<10
	units[11] = 1<<31 | 2
	blob := binary.LittleEndian.AppendUint32(nil, uint32(4*len(units)))
	for _, u := range units {
		blob = binary.LittleEndian.AppendUint32(blob, u)
	}
	return append(blob, "A\x00Q\x00"...)
}

func TestDartsFirstPrefixValue(t *testing.T) {
	p, err := parsePrecompiled(tinyCharsmap())
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"a": 0, "ab": 0, "ax": 0, "b": -1, "": -1, "\x00a": -1, "xa": -1} {
		got := -1
		if v, ok := p.trie.firstPrefixValue(key); ok {
			got = int(v)
		}
		if got != want {
			t.Errorf("firstPrefixValue(%q) = %d, want %d", key, got, want)
		}
	}
	if s, ok := p.transform("ab"); !ok || s != "A" {
		t.Errorf(`transform("ab") = %q, %v; the shortest rule wins`, s, ok)
	}
}

func TestPrecompiledGraphemes(t *testing.T) {
	p, err := parsePrecompiled(tinyCharsmap())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in, want string
		align    []span // original span of each normalized byte
	}{
		// Two clusters: "a" is rewritten, "b" has no rule of its own.
		{"ab", "Ab", []span{{0, 1}, {1, 2}}},
		// One cluster under 6 bytes: looked up whole, its shortest rule "a" replaces all of it and
		// the combining acute is gone. "A" takes the removal, and HF aligns a rune that replaces
		// several with the first of them only.
		{"a\u0301x", "Ax", []span{{0, 1}, {3, 4}}},
		// Untouched text keeps its identity alignment.
		{"xyz", "xyz", []span{{0, 1}, {1, 2}, {2, 3}}},
		// A removal is charged to the rune before it, which then covers only itself.
		{"xrb", "xb", []span{{0, 1}, {2, 3}}},
		{"xyrarz", "xyAz", []span{{0, 1}, {1, 2}, {3, 4}, {5, 6}}},
		// A removal at the very start has no rune to charge: HF drops it, so every later rune takes
		// the alignment of the one before it.
		{"rab", "Ab", []span{{0, 1}, {1, 2}}},
		{"rxyz", "xyz", []span{{0, 1}, {1, 2}, {2, 3}}},
	} {
		n := newNormalizedString(c.in)
		if err := p.normalize(&n); err != nil {
			t.Fatal(err)
		}
		if n.get() != c.want {
			t.Errorf("%q -> %q, want %q", c.in, n.get(), c.want)
			continue
		}
		for i, want := range c.align {
			if got := n.alignAt(i); got != want {
				t.Errorf("%q: byte %d aligned to %v, want %v", c.in, i, got, want)
			}
		}
	}
}

func TestPrecompiledRejectsBadCharsmap(t *testing.T) {
	for _, blob := range [][]byte{nil, {1, 2}, {8, 0, 0, 0, 1, 0, 0, 0}, append(tinyCharsmap(), 0xff)} {
		raw, _ := json.Marshal(map[string]string{"type": "Precompiled", "precompiled_charsmap": base64.StdEncoding.EncodeToString(blob)})
		if _, err := newPrecompiledNormalizer(raw, "normalizer"); err == nil {
			t.Errorf("charsmap %x loaded", blob)
		}
	}
}

// t5Charsmap reads the nmt_nfkc charsmap of the reference t5-small tokenizer.
func t5Charsmap(t *testing.T) *precompiledNormalizer {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "reference", "tokenizers", "google-t5", "t5-small", "tokenizer.json")
	if dir := os.Getenv("TOKENIZERD_REFERENCE"); dir != "" {
		path = filepath.Join(dir, "tokenizers", "google-t5", "t5-small", "tokenizer.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("reference t5-small tokenizer not found: %v", err)
	}
	var r struct {
		Normalizer json.RawMessage `json:"normalizer"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	n, err := newPrecompiledNormalizer(rawJSON(r.Normalizer), "normalizer")
	if err != nil {
		t.Fatal(err)
	}
	return n.(*precompiledNormalizer)
}

// Expectations of the spm_precompiled crate's tests for the nmt_nfkc charsmap.
func TestPrecompiledNmtNfkc(t *testing.T) {
	p := t5Charsmap(t)
	for in, want := range map[string]string{
		"\ufb01": "fi",
		"𝔾":      "G",
		"𝕠":      "o",
		"\u200d": " ",
		"เขาไม่ได้พูดสักคำ": "เขาไม\u0e48ได\u0e49พ\u0e39ดส\u0e31กค\u0e4dา",
		"ड़ी दुख":      "ड\u093cी द\u0941ख",
		"\u0627\u0653": "آ", // one cluster of two runes with a rule of its own
	} {
		n := newNormalizedString(in)
		if err := p.normalize(&n); err != nil {
			t.Fatal(err)
		}
		if n.get() != want {
			t.Errorf("%q -> %+q, want %+q", in, n.get(), want)
		}
	}
	// "ﬁ" becomes two bytes, both from the one original rune.
	n := newNormalizedString("x\ufb01")
	if err := p.normalize(&n); err != nil {
		t.Fatal(err)
	}
	if got := []span{n.alignAt(1), n.alignAt(2)}; got[0] != (span{1, 4}) || got[1] != (span{1, 4}) {
		t.Errorf("fi aligned to %v, want [1,4) twice", got)
	}
}
