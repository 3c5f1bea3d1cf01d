package deploy

import (
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// releaseBuildFlags are those of the release build; TestDockerfileBuildStage holds the Dockerfile to them.
var releaseBuildFlags = []string{"-trimpath", "-buildvcs=false"}

var release struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// releaseBinary builds cmd/tokenizerd as the Dockerfile does, once per test run.
func releaseBinary(t *testing.T) string {
	t.Helper()
	release.once.Do(func() {
		if release.dir, release.err = os.MkdirTemp("", "tokenizerd-release"); release.err != nil {
			return
		}
		release.path = filepath.Join(release.dir, "tokenizerd")
		args := append([]string{"build"}, releaseBuildFlags...)
		cmd := exec.Command("go", append(args, "-o", release.path, "github.com/tokenizerd/tokenizerd/cmd/tokenizerd")...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			release.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if release.err != nil {
		t.Fatal(release.err)
	}
	return release.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if release.dir != "" {
		os.RemoveAll(release.dir)
	}
	os.Exit(code)
}

// dynamicLinking lists what makes an ELF file depend on a dynamic loader: a PT_INTERP program header (the
// loader the kernel must start) and DT_NEEDED entries (shared libraries). A static binary has neither.
func dynamicLinking(path string) ([]string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var found []string
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			interp, _ := readAll(p)
			found = append(found, "PT_INTERP "+interp)
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		return nil, err
	}
	for _, lib := range libs {
		found = append(found, "DT_NEEDED "+lib)
	}
	return found, nil
}

func readAll(p *elf.Prog) (string, error) {
	buf := make([]byte, p.Filesz)
	if _, err := p.ReadAt(buf, 0); err != nil {
		return "", err
	}
	return string(buf[:max(0, len(buf)-1)]), nil // without the trailing NUL
}

func TestReleaseBinaryIsStatic(t *testing.T) {
	found, err := dynamicLinking(releaseBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Fatalf("the release binary is dynamically linked: %q", found)
	}
}

// TestDynamicLinkingDetected shows that the check above can fail: the system's shell is dynamically linked.
func TestDynamicLinkingDetected(t *testing.T) {
	found, err := dynamicLinking("/bin/sh")
	var formatErr *elf.FormatError
	if errors.Is(err, os.ErrNotExist) || errors.As(err, &formatErr) {
		t.Skipf("/bin/sh is not an ELF file here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		t.Skip("/bin/sh is statically linked here")
	}
	t.Logf("/bin/sh: %q", found)
}
