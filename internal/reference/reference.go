package reference

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// EnvDir names the variable that overrides where the reference set is.
const EnvDir = "TOKENIZERD_REFERENCE"

// Dir returns the reference folder: $TOKENIZERD_REFERENCE, else ../shared/reference relative to the repository
// root. It skips the test when the folder does not exist.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(EnvDir)
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		dir = filepath.Join(root, "..", "shared", "reference")
	}
	if _, err := os.Stat(filepath.Join(dir, "golden")); err != nil {
		tb.Skipf("reference set not found at %s (set %s to its path): %v", dir, EnvDir, err)
	}
	return dir
}

// Path joins elem onto the reference folder.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	return filepath.Join(append([]string{Dir(tb)}, elem...)...)
}

// Tokenizers lists the model names ("org/name") of every tokenizer in the set.
func Tokenizers(tb testing.TB) []string {
	tb.Helper()
	root := Path(tb, "tokenizers")
	var names []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (d.Name() == "tokenizer.json" || d.Name() == "tokenizer.json.gz") {
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return names
}

// ModelDir is the folder of one tokenizer of the set, e.g. ModelDir(t, "Qwen/Qwen3").
func ModelDir(tb testing.TB, model string) string {
	tb.Helper()
	return Path(tb, "tokenizers", filepath.FromSlash(model))
}

// TokenizerJSON reads the tokenizer.json of model, unzipping tokenizer.json.gz where that is how it is stored.
func TokenizerJSON(tb testing.TB, model string) []byte {
	tb.Helper()
	dir := ModelDir(tb, model)
	if data, err := os.ReadFile(filepath.Join(dir, "tokenizer.json")); err == nil {
		return data
	}
	data, err := readMaybeGzip(filepath.Join(dir, "tokenizer.json.gz"))
	if err != nil {
		tb.Fatalf("reading tokenizer of %s: %v", model, err)
	}
	return data
}

// Record is one golden encoding of the reference implementation.
type Record struct {
	ID                int      `json:"id"`
	Category          string   `json:"category"`
	Text              string   `json:"text"`
	Pair              *string  `json:"pair"`
	AddSpecialTokens  bool     `json:"add_special_tokens"`
	IDs               []uint32 `json:"ids"`
	Tokens            []string `json:"tokens"`
	Offsets           [][2]int `json:"offsets"`
	ByteOffsets       [][2]int `json:"byte_offsets"`
	SpecialTokensMask []uint32 `json:"special_tokens_mask"`
	AttentionMask     []uint32 `json:"attention_mask"`
	TypeIDs           []uint32 `json:"type_ids"`
	SequenceIDs       []*int   `json:"sequence_ids"`
	Decoded           string   `json:"decoded"`
	DecodedSkip       string   `json:"decoded_skip"`
}

// GoldenName turns "org/name" into the file stem the golden folder uses ("org__name").
func GoldenName(model string) string { return strings.ReplaceAll(model, "/", "__") }

// Golden reads every single-sequence golden record of model.
func Golden(tb testing.TB, model string) []Record {
	tb.Helper()
	return readRecords(tb, Path(tb, "golden", GoldenName(model)+".jsonl.gz"))
}

// GoldenPairs reads the sentence-pair golden records of model.
func GoldenPairs(tb testing.TB, model string) []Record {
	tb.Helper()
	return readRecords(tb, Path(tb, "golden", GoldenName(model)+".pairs.jsonl"))
}

// BenchSummary is one entry of golden/bench_summary.json.
type BenchSummary struct {
	Lines     int    `json:"lines"`
	Tokens    int    `json:"tokens"`
	IDsSHA256 string `json:"ids_sha256"`
}

// BenchSummaries reads golden/bench_summary.json, keyed by model name.
func BenchSummaries(tb testing.TB) map[string]BenchSummary {
	tb.Helper()
	data, err := os.ReadFile(Path(tb, "golden", "bench_summary.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		tb.Fatal(err)
	}
	out := make(map[string]BenchSummary)
	for name, msg := range raw {
		var s BenchSummary
		if json.Unmarshal(msg, &s) == nil && s.IDsSHA256 != "" {
			out[name] = s
		}
	}
	return out
}

func readRecords(tb testing.TB, path string) []Record {
	tb.Helper()
	data, err := readMaybeGzip(path)
	if err != nil {
		tb.Fatalf("reading golden records: %v", err)
	}
	var out []Record
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return out
}

func readMaybeGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	}
	return io.ReadAll(r)
}
