package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerContext matches paths as the Docker build does against .dockerignore.
func dockerContext(t *testing.T) *patternmatcher.PatternMatcher {
	t.Helper()
	f, err := os.Open(filepath.Join("..", ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	return pm
}

// buildFiles lists, relative to the module root, every file of this module that building cmd/tokenizerd
// reads: Go sources of each package it depends on, their embedded files, go.mod and go.sum.
func buildFiles(t *testing.T) []string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	format := `{{if .Module}}{{if .Module.Main}}{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}` +
		`{{range .EmbedFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{end}}{{end}}`
	cmd := exec.Command("go", "list", "-deps", "-f", format, "github.com/tokenizerd/tokenizerd/cmd/tokenizerd")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	files := []string{"go.mod", "go.sum"}
	for _, path := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(root, path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.ToSlash(rel))
	}
	return files
}

func TestDockerContextHoldsTheBuild(t *testing.T) {
	pm := dockerContext(t)
	files := buildFiles(t)
	if len(files) < 20 {
		t.Fatalf("only %d files found for the build: %q", len(files), files)
	}
	for _, f := range files {
		if excluded, err := pm.MatchesOrParentMatches(f); err != nil || excluded {
			t.Errorf("%s is needed by the build but .dockerignore leaves it out (%v)", f, err)
		}
	}
	for _, f := range []string{".git/config", "models/acme/tiny/tokenizer.json", "bin/tokenizerd", "cmd/tokenizerd/tokenizerd.test"} {
		if excluded, err := pm.MatchesOrParentMatches(f); err != nil || !excluded {
			t.Errorf("%s would be sent to the Docker build (%v)", f, err)
		}
	}
}
