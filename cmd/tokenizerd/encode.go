package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// encodeBatch is how many lines go into one sandbox call.
const encodeBatch = 256

func runEncode(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("encode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	model := fs.String("model", cfg.Model, "model id (org/name) or a folder holding tokenizer.json")
	addSpecial := fs.Bool("add-special-tokens", false, "add the post-processor's special tokens")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "tokenizerd encode: at most one FILE")
		return 2
	}
	in := stdin
	if fs.NArg() == 1 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintln(stderr, "tokenizerd encode:", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	if err := encode(ctx, cfg, *model, *addSpecial, in, stdout); err != nil {
		fmt.Fprintln(stderr, "tokenizerd encode:", err)
		return 1
	}
	return 0
}

func encode(ctx context.Context, cfg Config, model string, addSpecial bool, in io.Reader, out io.Writer) error {
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	files, err := modelFiles(ctx, cfg, model)
	if err != nil {
		return err
	}
	host, err := runtime.NewHost(ctx, cfg.Runtime)
	if err != nil {
		return err
	}
	defer host.Close(context.Background())
	m, err := host.Load(ctx, model, files)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<16)
	opts := runtime.EncodeOptions{AddSpecialTokens: addSpecial}
	for start := 0; start < len(lines); start += encodeBatch {
		encs, err := m.Encode(ctx, lines[start:min(start+encodeBatch, len(lines))], opts)
		if err != nil {
			return err
		}
		for _, e := range encs {
			writeIDs(w, e.IDs)
		}
	}
	return w.Flush()
}

// modelFiles reads a model named by id, or by the path of a folder holding its tokenizer.json: a path given
// on the command line is the user's own choice, so it may lie outside the models folder.
func modelFiles(ctx context.Context, cfg Config, model string) (runtime.Files, error) {
	cfg.Cache.AllowLocalPaths = true
	if st, err := os.Stat(model); err == nil && st.IsDir() && !filepath.IsAbs(model) && !strings.HasPrefix(model, ".") {
		model = "./" + model // a relative folder, not an org/name id
	}
	l, err := newLoader(cfg.Cache)
	if err != nil {
		return runtime.Files{}, err
	}
	return l.load(ctx, model)
}

func writeIDs(w *bufio.Writer, ids []uint32) {
	var buf [10]byte
	for i, id := range ids {
		if i > 0 {
			w.WriteByte(',')
		}
		w.Write(strconv.AppendUint(buf[:0], uint64(id), 10))
	}
	w.WriteByte('\n')
}
