package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

const imageTestJSON = `{"version": "1.0",
  "added_tokens": [{"id": 7, "content": "[X]", "special": true, "normalized": false}],
  "normalizer": {"type": "NFC"},
  "pre_tokenizer": {"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false},
  "post_processor": null, "decoder": null,
  "model": {"type": "BPE", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1, "b": 2, "c": 3, "ab": 4, "abc": 5, "bc": 6},
    "merges": ["a b", "ab c", "b c"]}}`

// withHeader wraps a body in a valid image header, so that tests reach the decoder.
func withHeader(body []byte) []byte {
	img := append([]byte(imageMagic), make([]byte, 8)...)
	binary.LittleEndian.PutUint32(img[8:], ImageVersion)
	binary.LittleEndian.PutUint32(img[12:], uint32(len(body)))
	return append(img, body...)
}

func imageTestTokenizer(t testing.TB) *Tokenizer {
	tk, err := Load([]byte(imageTestJSON))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// reloadImage marshals tk's image and loads a tokenizer from it.
func reloadImage(t testing.TB, tk *Tokenizer) *Tokenizer {
	t.Helper()
	img, err := tk.MarshalImage()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadImage(img)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// alignedImage marshals tk's image into an 8-aligned buffer, where LoadImage uses the tables in place.
func alignedImage(t testing.TB, tk *Tokenizer) []byte {
	t.Helper()
	img, err := tk.MarshalImage()
	if err != nil {
		t.Fatal(err)
	}
	aligned := make([]uint64, (len(img)+7)/8)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&aligned[0])), len(img))
	copy(buf, img)
	return buf
}

// within tells whether p points into img.
func within(img []byte, p unsafe.Pointer) bool {
	a, start := uintptr(p), uintptr(unsafe.Pointer(&img[0]))
	return a >= start && a < start+uintptr(len(img))
}

// refusesImage checks that LoadImage refuses the image of tk, whose tables the caller has damaged.
func refusesImage(t *testing.T, damage string, tk *Tokenizer) {
	t.Helper()
	img, err := tk.MarshalImage()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LoadImage(img); !errors.Is(err, ErrBadImage) {
		t.Errorf("%s: %v, want ErrBadImage", damage, err)
	}
}

// jsonOnlyModel hides the binary form of a model, as for a model type that has none yet.
type jsonOnlyModel struct{ model }

// TestImageJSONModelFallback stores the model section as JSON, the path of models without a binary form.
func TestImageJSONModelFallback(t *testing.T) {
	tk := imageTestTokenizer(t)
	raw, err := scanTokenizer([]byte(imageTestJSON), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	tk.model = jsonOnlyModel{tk.model}
	tk.source = keepSource(raw, tk.model)
	back := reloadImage(t, tk)
	if _, ok := back.model.(*bpeModel); !ok {
		t.Fatalf("model %T, want the BPE model rebuilt from its JSON", back.model)
	}
	e, err := back.Encode("abc [X]bca", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{5, 7, 6, 1}
	if len(e.IDs) != len(want) || e.IDs[0] != 5 || e.IDs[1] != 7 || e.IDs[2] != 6 || e.IDs[3] != 1 {
		t.Errorf("ids %v, want %v", e.IDs, want)
	}
}

// TestImageRejectsBadTables feeds well-formed images whose tables point outside the vocabulary or could
// not end a lookup: each must be refused, since the tables are used as they are.
func TestImageRejectsBadTables(t *testing.T) {
	damages := map[string]func(m *bpeModel){
		"merge out of vocabulary": func(m *bpeModel) {
			for i, s := range m.merges.table.slots {
				if s.key != emptyKey {
					m.merges.table.slots[i].val = s.val&^0xFFFFFFFF | 1000
					return
				}
			}
		},
		"merge of a left id out of vocabulary": func(m *bpeModel) {
			for i, s := range m.merges.table.slots {
				if s.key != emptyKey {
					m.merges.table.slots[i].key = pairKey(1000, uint32(s.key))
					return
				}
			}
		},
		"merge of a right id out of vocabulary": func(m *bpeModel) {
			for i, s := range m.merges.table.slots {
				if s.key != emptyKey {
					m.merges.table.slots[i].key = pairKey(uint32(s.key>>32), 1000)
					return
				}
			}
		},
		"full merge table": func(m *bpeModel) {
			for i := range m.merges.table.slots {
				m.merges.table.slots[i] = u64Slot{key: pairKey(uint32(i%7), 2), val: 4} // ids in the vocabulary
			}
			m.merges.table.n = len(m.merges.table.slots)
		},
		"index slot out of range": func(m *bpeModel) { m.vocab.index[0] = entryMask },
		"full index": func(m *bpeModel) {
			for i := range m.vocab.index {
				m.vocab.index[i] = 1
			}
		},
		"id pointing at another entry": func(m *bpeModel) { m.vocab.byID[1], m.vocab.byID[2] = m.vocab.byID[2], m.vocab.byID[1] },
		"id not indexed":               func(m *bpeModel) { m.vocab.byID[3] = 0 },
		"offsets decrease":             func(m *bpeModel) { m.vocab.offs[1], m.vocab.offs[2] = m.vocab.offs[2], m.vocab.offs[1] },
	}
	for name, damage := range damages {
		tk := imageTestTokenizer(t)
		damage(tk.model.(*bpeModel))
		refusesImage(t, name, tk)
	}
}

// TestImageTablesAreUsedInPlace checks that LoadImage does not copy the big tables of an aligned image.
func TestImageTablesAreUsedInPlace(t *testing.T) {
	img := alignedImage(t, imageTestTokenizer(t))
	tk, err := LoadImage(img)
	if err != nil {
		t.Fatal(err)
	}
	m := tk.model.(*bpeModel)
	if !within(img, unsafe.Pointer(&m.merges.table.slots[0])) || !within(img, unsafe.Pointer(&m.vocab.index[0])) ||
		!within(img, unsafe.Pointer(unsafe.StringData(m.vocab.arena))) {
		t.Error("the tables were copied out of the image")
	}
	e, err := tk.Encode("abc", Options{})
	if err != nil || len(e.IDs) != 1 || e.IDs[0] != 5 {
		t.Errorf("encode abc = %v, %v; want [5]", e.IDs, err)
	}
}

// FuzzLoadImage mutates image bodies behind a valid header: LoadImage must return a
// tokenizer or an error, never panic, and a tokenizer it returns must encode without panicking.
func FuzzLoadImage(f *testing.F) {
	fuzzImage(f, imageTestTokenizer(f), "abc [X] cab", "x")
}

// fuzzImage fuzzes LoadImage from the image of tk, and encodes texts with what it returns.
func fuzzImage(f *testing.F, tk *Tokenizer, texts ...string) {
	img, err := tk.MarshalImage()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img[imageHeaderSize:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		tk, err := LoadImage(withHeader(body))
		if err != nil {
			if !errors.Is(err, ErrBadImage) {
				t.Fatalf("error without ErrBadImage: %v", err)
			}
			return
		}
		for _, text := range append(texts, "") {
			e, err := tk.Encode(text, Options{AddSpecialTokens: true})
			if err != nil {
				continue
			}
			if _, err := tk.Decode(e.IDs, false); err != nil && !errors.Is(err, ErrUnknownID) {
				t.Fatalf("decode: %v", err)
			}
		}
	})
}

const wordPieceImageTestJSON = `{"version": "1.0", "added_tokens": [], "normalizer": null,
  "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
  "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 6,
    "vocab": {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "una": 4, "##ff": 5, "é": 6, "##té": 7, "##t": 8, ",": 9}}}`

// TestWordPieceImage reloads a WordPiece model from its binary form, with its vocabulary and trie used in
// place, and checks that it tokenizes as the model parsed from JSON: the longest match, continuing pieces,
// the unknown word, the word too long and the one-byte word.
func TestWordPieceImage(t *testing.T) {
	orig, err := Load([]byte(wordPieceImageTestJSON))
	if err != nil {
		t.Fatal(err)
	}
	img := alignedImage(t, orig)
	tk, err := LoadImage(img)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := tk.model.(*wordPieceModel)
	if !ok {
		t.Fatalf("model %T, want the WordPiece model's binary form", tk.model)
	}
	if !within(img, unsafe.Pointer(&m.trie.nodes[0])) {
		t.Error("the trie was copied out of the image")
	}
	const text = "unaff été , éété unaffable"
	want := []uint32{4, 5, 6, 7, 9, 0, 0}
	for name, tok := range map[string]*Tokenizer{"json": orig, "image": tk} {
		e, err := tok.Encode(text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(e.IDs, want) {
			t.Errorf("%s: ids %v, want %v", name, e.IDs, want)
		}
	}
	if got, ok := m.idToToken(3); !ok || got != "##able" {
		t.Errorf("idToToken(3) = %q, %v", got, ok)
	}
}

// TestWordPieceImageRejectsBadTrie damages trie nodes so that a walk would index out of range or yield an
// id outside the vocabulary: LoadImage must refuse each.
func TestWordPieceImageRejectsBadTrie(t *testing.T) {
	damages := map[string]func(nodes []daNode){
		"negative base":          func(nodes []daNode) { nodes[0].base = -300 },
		"value out of the vocab": func(nodes []daNode) { nodes[len(nodes)-1].value = 1000 },
		"negative value":         func(nodes []daNode) { nodes[len(nodes)-1].value = -2 },
	}
	for name, damage := range damages {
		tk, err := Load([]byte(wordPieceImageTestJSON))
		if err != nil {
			t.Fatal(err)
		}
		damage(tk.model.(*wordPieceModel).trie.nodes)
		refusesImage(t, name, tk)
	}
}

// FuzzLoadWordPieceImage is FuzzLoadImage for the WordPiece binary form.
func FuzzLoadWordPieceImage(f *testing.F) {
	tk, err := Load([]byte(wordPieceImageTestJSON))
	if err != nil {
		f.Fatal(err)
	}
	fuzzImage(f, tk, "unaffable été", ",")
}

// TestPairCutsImageRejectsBadTable damages the pair table of byte-level cuts and segments, which is used
// in place: a table whose lookups could not end, or of a size that is not a power of two, must be refused.
func TestPairCutsImageRejectsBadTable(t *testing.T) {
	read := func(p *pairCuts, patch func(img []byte)) (*pairCuts, error) {
		img := appendPairCutsImage(nil, p)
		if patch != nil {
			patch(img)
		}
		r := &imageReader{b: img}
		got := readPairCutsImage(r, "pairs")
		return got, r.err
	}
	good := &pairCuts{joined: newU64Table(4)}
	good.joined.put(pairKey(0x100, 0x2581), 0)
	got, err := read(good, nil)
	if err != nil || got == nil || !got.joinsOther(0x100, 0x2581) || got.joinsOther(0x2581, 0x100) {
		t.Fatalf("a sound table: %v", err)
	}
	at := 8 * (len(good.bmpLeft) + len(good.bmpRight) + len(good.asciiJoined)) // the pair count, then the slot count
	for name, c := range map[string]struct {
		p     *pairCuts
		patch func([]byte)
	}{
		"no empty slot": {good, func(img []byte) {
			for i := at + 8; i < len(img); i += 16 {
				binary.LittleEndian.PutUint64(img[i:], uint64(i))
			}
		}},
		"count too big":  {good, func(img []byte) { binary.LittleEndian.PutUint32(img[at:], 8) }},
		"odd slot count": {good, func(img []byte) { binary.LittleEndian.PutUint32(img[at+4:], 7) }},
	} {
		if got, err := read(c.p, c.patch); got != nil || !errors.Is(err, ErrBadImage) {
			t.Errorf("%s: %v, want ErrBadImage", name, err)
		}
	}
}

// byteLevelImageTestJSON is a small byte-level BPE model with ignore_merges whose image holds proved
// byte-level cuts (with a non-ASCII pair in J) and a raw token filter.
func byteLevelImageTestJSON() string {
	var vocab strings.Builder
	for b := range 256 {
		fmt.Fprintf(&vocab, "%q: %d, ", string(byteRune(byte(b))), b)
	}
	merges := []string{"Ġ t", "h e", "Ġt he", "Ã ©", "Ã© t"}
	for i, m := range merges {
		fmt.Fprintf(&vocab, "%q: %d, ", strings.ReplaceAll(m, " ", ""), 256+i)
	}
	quoted := make([]string, len(merges))
	for i, m := range merges {
		quoted[i] = strconv.Quote(m)
	}
	return `{"version": "1.0", "added_tokens": [], "normalizer": null,
  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
  "post_processor": null, "decoder": {"type": "ByteLevel"},
  "model": {"type": "BPE", "ignore_merges": true, "vocab": {` + strings.TrimSuffix(vocab.String(), ", ") + `},
    "merges": [` + strings.Join(quoted, ", ") + `]}}`
}

// FuzzLoadByteLevelImage is FuzzLoadImage for a byte-level model: its cuts, pair table and filters are
// read in place too.
func FuzzLoadByteLevelImage(f *testing.F) {
	tk, err := Load([]byte(byteLevelImageTestJSON()))
	if err != nil {
		f.Fatal(err)
	}
	if m := tk.model.(*bpeModel); m.rawCuts == nil || m.rawCuts.chars.joined.n == 0 || m.rawTokens == nil {
		f.Fatal("the test model proves no byte-level cuts with non-ASCII pairs, or has no raw token filter")
	}
	fuzzImage(f, tk, "the thé été", " t\xff")
}
