package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goBench = `goos: linux
pkg: github.com/tokenizerd/tokenizerd/runtime
BenchmarkSandboxEncode/Qwen/Qwen3         	       2	 972569102 ns/op	   3.92 MB/s
BenchmarkSandboxEncode/Qwen/Qwen3         	       2	 972569102 ns/op	   4.10 MB/s
BenchmarkSandboxEncode/Qwen/Qwen3         	       2	 972569102 ns/op	   3.80 MB/s
BenchmarkSandboxEncode/google-bert/bert-base-uncased-2   	       2	 963482280 ns/op	   3.96 MB/s
BenchmarkSandboxEncode/google-bert/bert-base-uncased-2   	       2	 963482280 ns/op	   4.06 MB/s
BenchmarkSandboxEncode/google/gemma-3   	       2	 963482280 ns/op	   2.50 MB/s
BenchmarkInProcessEncode/Qwen/Qwen3       	       2	 179000000 ns/op	  21.20 MB/s
BenchmarkSandboxEncodeParallel         	       2	 556000000 ns/op	   6.85 MB/s
ok  	github.com/tokenizerd/tokenizerd/runtime	21.380s
`

const refLines = `{"model":"Qwen/Qwen3","load_s":0.338,"MB":3.81,"tokens":1191494,"encode_s_median":2.029,"MB_per_s":2.00}
npm warn something
{"model":"google-bert/bert-base-uncased","load_s":0.053,"MB":3.81,"tokens":1281258,"encode_s_median":2.485,"MB_per_s":1.60}
{"model":"google/gemma-3","MB_per_s":2.00}
`

// TestTable checks the medians (odd and even run counts), the ratios, a model without in-process runs,
// the GOMAXPROCS suffix (and a model whose name ends like one) and the lines to skip.
func TestTable(t *testing.T) {
	dir := t.TempDir()
	goPath, refPath := filepath.Join(dir, "go.txt"), filepath.Join(dir, "ref.txt")
	if err := os.WriteFile(goPath, []byte(goBench), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(refPath, []byte(refLines), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(goPath, refPath, &out); err != nil {
		t.Fatal(err)
	}
	want := `| model | HF tokenizers | sandbox | ratio | in-process | ratio |
| --- | --- | --- | --- | --- | --- |
| Qwen/Qwen3 | 2.00 MB/s | 3.92 MB/s | 1.96× | 21.20 MB/s | 10.60× |
| google-bert/bert-base-uncased | 1.60 MB/s | 4.01 MB/s | 2.51× | – | – |
| google/gemma-3 | 2.00 MB/s | 2.50 MB/s | 1.25× | – | – |
`
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestNoReferenceIsAnError(t *testing.T) {
	dir := t.TempDir()
	goPath, refPath := filepath.Join(dir, "go.txt"), filepath.Join(dir, "ref.txt")
	if err := os.WriteFile(goPath, []byte(goBench), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(refPath, []byte("npm ERR! no node\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(goPath, refPath, &strings.Builder{}); err == nil || !strings.Contains(err.Error(), "no reference figures") {
		t.Errorf("err = %v, want no reference figures", err)
	}
}
