package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "tokenizerd:", err)
		return 2
	}
	switch cmd {
	case "serve":
		return runServe(ctx, cfg, args, stderr)
	case "encode":
		return runEncode(ctx, cfg, args, stdin, stdout, stderr)
	case "pull":
		return runPull(ctx, cfg.Cache, args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "tokenizerd: unknown command %q\n%s", cmd, usage)
	return 2
}

const usage = `usage:
  tokenizerd [serve] [flags]                                  serve over the unix socket (see README for the environment)
  tokenizerd encode --model <org/name|folder> [--add-special-tokens] [FILE]
                                                              print the token ids of each line of FILE (or stdin)
  tokenizerd pull <org/name[@revision]>...                    download models into MODELS_DIR
`
