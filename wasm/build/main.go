package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/tokenizerd/tokenizerd/wasm/guestbuild"
)

func main() {
	check := flag.Bool("check", false, "compare with the committed files instead of writing them")
	flag.Parse()
	status := 0
	for _, g := range guestbuild.Guests {
		if err := run(g, *check); err != nil {
			fmt.Fprintln(os.Stderr, err)
			status = 1
		}
	}
	os.Exit(status)
}

func run(g guestbuild.Guest, check bool) error {
	fresh, err := guestbuild.Build(".", g)
	if err != nil {
		return err
	}
	if !check {
		if err := os.WriteFile(g.File, fresh, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", g.File, len(fresh))
		return nil
	}
	committed, err := os.ReadFile(g.File)
	if err != nil {
		return err
	}
	if !bytes.Equal(committed, fresh) {
		return fmt.Errorf("%s is stale: rebuild it with `task wasm` and commit it", g.File)
	}
	fmt.Printf("%s is fresh\n", g.File)
	return nil
}
