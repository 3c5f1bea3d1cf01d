package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/tokenizerd/tokenizerd/wasm/guestbuild"
)

func main() {
	check := flag.Bool("check", false, "compare with the committed file instead of writing it")
	out := flag.String("o", "wasm/guest.wasm.zst", "the compressed module to write or check")
	flag.Parse()
	os.Exit(run(*check, *out))
}

func run(check bool, out string) int {
	fresh, err := guestbuild.Build(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if !check {
		if err := os.WriteFile(out, fresh, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("wrote %s (%d bytes)\n", out, len(fresh))
		return 0
	}
	committed, err := os.ReadFile(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if !bytes.Equal(committed, fresh) {
		fmt.Fprintf(os.Stderr, "%s is stale: rebuild it with `task wasm` and commit it\n", out)
		return 1
	}
	fmt.Printf("%s is fresh\n", out)
	return 0
}
