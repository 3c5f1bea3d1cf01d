package regex

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/tokenizerd/tokenizerd/internal/reference"
)

// engineOnly compiles pattern on the general engine, bypassing its scanner.
func engineOnly(t testing.TB, pattern string) *Regexp {
	t.Helper()
	prog, err := compile(pattern)
	if err != nil {
		t.Fatalf("compile %q: %v", pattern, err)
	}
	return &Regexp{pattern: pattern, prog: prog}
}

// scannedPatterns lists every pattern that has a scanner.
func scannedPatterns() []string {
	return []string{patternGPT2, patternLlama3, patternQwen2, patternO200K, patternDigits1To3, patternDeepSeekCJK,
		patternDeepSeekMain, patternCLIP, patternSpaces, patternSpaceRun2}
}

// edgeCases are inputs built to hit every branch of the scanners.
func edgeCases() []string {
	cases := []string{
		"", " ", "  ", "\n", "\r\n", " \r\n ", "a", "'", "''", "'s", "'S", "'ſ", "'LL", "'Ll", "'lL", "'Re", "'VE",
		"'d'm't", "' s", "x's'", "don't", "I'M", "WE'RE", "abc  def", "abc \n def", "abc\t\n\tdef", "  \n\n  x",
		"123456789", "1 22 333 4444", "½²³", "٣٤٥٦", "x1y22z333", "a.b,c!?", " !! ??", "...\n\n", "..\r\r\nx",
		"\x00", "a\x00b", "\x00\x00 \x00", "e\u0301", " \u0301x", "\u0301\u0301", "日本語 テキスト", "한국어",
		"emoji 👍🏽 🇫🇷 👨‍👩‍👧", "mixed Русский ελληνικά العربية", "\u00a0x\u2003y\u3000z", "a\u0085b", "\v\f",
		"tab\tsep", "trailing   ", "   leading", "CamelCaseHTTPServer", "ÀÉÎõü", "ǅungla", "ʰʲ", "\u2028\u2029",
		"$100 + 5% = <tag>", "/path/to/file.go\n", "a/\n/b", "x//\r\n", "\ufeffBOM", "\u200dzwj\u200c",
		"\xff\xfe invalid", "a\xc3", "\xe2\x82 broken",
	}
	return cases
}

// randomText builds a string from fragments that stress pre-tokenizer patterns.
func randomText(rng *rand.Rand, n int) string {
	frags := []string{"a", "Z", "é", "É", "ǅ", "ʰ", "日", "ア", "ǃ", "\u0301", "\u0903", "1", "٣", "½", "Ⅻ", " ", "  ",
		"\t", "\n", "\r", "\r\n", "\v", "\u00a0", "\u3000", "\u2028", "\u0085", "'", "'s", "'S", "'ll", "'LL", "'ſ",
		"'re", "'Ve", "'d", "'M", "'t", ".", "!", "/", "$", "_", "-", "😀", "🇫", "\u200d", "\x00", "\x7f", "<|endoftext|>",
		"<|startoftext|>", "<|end", "\ufffd", "ſ", "日本", "ひら", "カタ", "\u9fa6", "(x", "'abc", "©", "+=", "¿", "\u00ad",
		"\u0600", "%", "\x1b", "\U000E0001", "   "}
	var b strings.Builder
	for range n {
		b.WriteString(frags[rng.IntN(len(frags))])
	}
	return b.String()
}

func corpusTexts(t testing.TB) []string {
	t.Helper()
	var texts []string
	f, err := os.Open(reference.Path(t, "corpus", "test_corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var item struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &item); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, item.Text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	bench, err := os.ReadFile(reference.Path(t, "corpus", "bench_mixed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(bench), "\n")
	if testing.Short() {
		lines = lines[:len(lines)/20]
	}
	// Whole blocks of lines too, so that runs of newlines and spaces across lines are covered.
	for i := 0; i < len(lines); i += 50 {
		texts = append(texts, strings.Join(lines[i:min(i+50, len(lines))], ""))
	}
	return texts
}

func assertSameMatches(t *testing.T, scanner, engine *Regexp, s string) {
	t.Helper()
	want, err := engine.FindAllIndex(s, nil)
	if err != nil {
		t.Fatalf("engine on %q: %v", s, err)
	}
	got, _ := scanner.FindAllIndex(s, nil)
	if len(got) != len(want) {
		t.Fatalf("%.40s… on %q: scanner %d matches, engine %d\nscanner %v\nengine  %v", scanner, s, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%.40s… on %q: match %d: scanner %v (%q), engine %v (%q)", scanner, s, i, got[i],
				s[got[i][0]:got[i][1]], want[i], s[want[i][0]:want[i][1]])
		}
	}
}

func TestScannersMatchEngine(t *testing.T) {
	texts := append(corpusTexts(t), edgeCases()...)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		texts = append(texts, randomText(rng, 1+rng.IntN(40)))
	}
	for _, pattern := range scannedPatterns() {
		scanner, engine := MustCompile(pattern), engineOnly(t, pattern)
		if scanner.scan == nil {
			t.Fatalf("no scanner for %q", pattern)
		}
		for _, s := range texts {
			assertSameMatches(t, scanner, engine, s)
		}
	}
}
