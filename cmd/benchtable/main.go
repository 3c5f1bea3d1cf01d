// Command benchtable prints the throughput table of the README: the sandbox and in-process figures of
// `go test -bench 'Encode$' ./runtime/` next to the reference's from ../shared/bench/hf_baseline.js, with
// their ratios. Each figure is the median of the runs given (go test -count N).
//
//	go run ./cmd/benchtable -go go.txt -ref ref.txt
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	goOut := flag.String("go", "", "output of go test -bench 'Encode$' ./runtime/")
	refOut := flag.String("ref", "", "output of hf_baseline.js (one JSON line per model)")
	flag.Parse()
	if err := run(*goOut, *refOut, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(goPath, refPath string, w io.Writer) error {
	goFile, err := os.Open(goPath)
	if err != nil {
		return err
	}
	defer goFile.Close()
	refFile, err := os.Open(refPath)
	if err != nil {
		return err
	}
	defer refFile.Close()
	ours, err := parseGoBench(goFile)
	if err != nil {
		return err
	}
	ref, err := parseReference(refFile)
	if err != nil {
		return err
	}
	return writeTable(w, ours, ref)
}

// Paths are the benchmarks' names for the two ways of running the engine.
const (
	sandbox   = "BenchmarkSandboxEncode"
	inProcess = "BenchmarkInProcessEncode"
)

// parseGoBench collects the MB/s of every run of the two benchmarks, by benchmark and then model.
func parseGoBench(r io.Reader) (map[string]map[string][]float64, error) {
	out := map[string]map[string][]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 || f[len(f)-1] != "MB/s" {
			continue
		}
		bench, model, ok := strings.Cut(f[0], "/")
		if !ok || (bench != sandbox && bench != inProcess) {
			continue
		}
		v, err := strconv.ParseFloat(f[len(f)-2], 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", sc.Text(), err)
		}
		if out[bench] == nil {
			out[bench] = map[string][]float64{}
		}
		out[bench][model] = append(out[bench][model], v)
	}
	return out, sc.Err()
}

// runsOf returns the runs of model: go test names them after it, with -GOMAXPROCS appended when that is
// not 1.
func runsOf(runs map[string][]float64, model string) []float64 {
	var out []float64
	for name, vs := range runs {
		if rest, ok := strings.CutPrefix(name, model); ok && (rest == "" || rest[0] == '-' && isDigits(rest[1:])) {
			out = append(out, vs...)
		}
	}
	return out
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// parseReference reads hf_baseline.js's lines, in the order of its models.
func parseReference(r io.Reader) ([]reference, error) {
	var out []reference
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var ref reference
		if err := json.Unmarshal([]byte(line), &ref); err != nil {
			return nil, fmt.Errorf("%q: %w", line, err)
		}
		out = append(out, ref)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no reference figures found")
	}
	return out, sc.Err()
}

type reference struct {
	Model  string  `json:"model"`
	MBPerS float64 `json:"MB_per_s"`
}

func writeTable(w io.Writer, ours map[string]map[string][]float64, refs []reference) error {
	var b strings.Builder
	b.WriteString("| model | HF tokenizers | sandbox | ratio | in-process | ratio |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, ref := range refs {
		fmt.Fprintf(&b, "| %s | %.2f MB/s", ref.Model, ref.MBPerS)
		for _, bench := range []string{sandbox, inProcess} {
			runs := runsOf(ours[bench], ref.Model)
			if len(runs) == 0 {
				b.WriteString(" | – | –")
				continue
			}
			m := median(runs)
			fmt.Fprintf(&b, " | %.2f MB/s | %.2f×", m, m/ref.MBPerS)
		}
		b.WriteString(" |\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func median(vs []float64) float64 {
	s := slices.Sorted(slices.Values(vs))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
