package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// stage is what one stage of the Dockerfile says; the final stage is the image that runs.
type stage struct {
	base       string            // FROM, without AS
	user       string            // USER, as written
	env        map[string]string // ENV
	volumes    []string          // VOLUME
	entrypoint []string          // ENTRYPOINT, exec form
	cmd        []string          // CMD, exec form
	copies     []string          // COPY lines, as written
	runs       []string          // RUN lines
}

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	keyword string // upper case
	args    string
}

func readDockerfile(t *testing.T) []instruction {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []instruction
	var pending strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && pending.Len() == 0) {
			continue
		}
		if rest, ok := strings.CutSuffix(line, `\`); ok {
			pending.WriteString(rest + " ")
			continue
		}
		pending.WriteString(line)
		keyword, args, _ := strings.Cut(strings.TrimSpace(pending.String()), " ")
		out = append(out, instruction{keyword: strings.ToUpper(keyword), args: strings.TrimSpace(args)})
		pending.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if pending.Len() > 0 {
		t.Fatalf("Dockerfile ends inside a continued line: %q", pending.String())
	}
	return out
}

// parseStages reads the Dockerfile's stages. It understands only the forms this Dockerfile uses and fails on
// any other, so that a change it cannot follow breaks the test instead of passing unread.
func parseStages(t *testing.T) []stage {
	t.Helper()
	var stages []stage
	for _, in := range readDockerfile(t) {
		if in.keyword == "FROM" {
			base, _, _ := strings.Cut(in.args, " ")
			stages = append(stages, stage{base: base, env: map[string]string{}})
			continue
		}
		if len(stages) == 0 {
			t.Fatalf("%s before the first FROM", in.keyword)
		}
		st := &stages[len(stages)-1]
		var err error
		switch in.keyword {
		case "USER":
			st.user = in.args
		case "ENV":
			err = parseEnv(in.args, st.env)
		case "VOLUME":
			err = json.Unmarshal([]byte(in.args), &st.volumes)
		case "ENTRYPOINT":
			err = json.Unmarshal([]byte(in.args), &st.entrypoint)
		case "CMD":
			err = json.Unmarshal([]byte(in.args), &st.cmd)
		case "COPY":
			st.copies = append(st.copies, in.args)
		case "RUN":
			st.runs = append(st.runs, in.args)
		case "WORKDIR":
		default:
			err = fmt.Errorf("instruction not understood by this test")
		}
		if err != nil {
			t.Fatalf("Dockerfile %s %s: %v", in.keyword, in.args, err)
		}
	}
	if len(stages) < 2 {
		t.Fatalf("the Dockerfile has %d stages, want a build stage and the image", len(stages))
	}
	return stages
}

// finalImage is the stage that runs.
func finalImage(t *testing.T) stage {
	t.Helper()
	stages := parseStages(t)
	return stages[len(stages)-1]
}

// parseEnv reads ENV's key=value form, without quotes.
func parseEnv(args string, env map[string]string) error {
	for _, field := range strings.Fields(args) {
		k, v, ok := strings.Cut(field, "=")
		if !ok || strings.ContainsAny(v, `"'$`) {
			return fmt.Errorf("want unquoted KEY=value pairs, got %q", field)
		}
		env[k] = v
	}
	return nil
}

// uidGid reads a numeric USER uid:gid. A name would need /etc/passwd, which the image does not have.
func (img stage) uidGid(t *testing.T) (uint32, uint32) {
	t.Helper()
	u, g, ok := strings.Cut(img.user, ":")
	uid, err1 := strconv.ParseUint(u, 10, 32)
	gid, err2 := strconv.ParseUint(g, 10, 32)
	if !ok || err1 != nil || err2 != nil {
		t.Fatalf("USER %q: want numeric uid:gid (scratch has no /etc/passwd)", img.user)
	}
	return uint32(uid), uint32(gid)
}

// hasVolume reports whether dir is one of the image's volumes.
func (img stage) hasVolume(dir string) bool { return slices.Contains(img.volumes, dir) }

func TestDockerfileBuildStage(t *testing.T) {
	build := parseStages(t)[0]
	goMod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var goVersion string
	for line := range strings.Lines(string(goMod)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			goVersion = v
		}
	}
	// The guest is committed, built by this exact toolchain: the image must not fetch another one.
	if build.base != "golang:"+goVersion {
		t.Errorf("build stage FROM %s, want golang:%s (go.mod)", build.base, goVersion)
	}
	if build.env["GOTOOLCHAIN"] != "local" || build.env["CGO_ENABLED"] != "0" {
		t.Errorf("build stage ENV %v: want GOTOOLCHAIN=local and CGO_ENABLED=0", build.env)
	}
	want := "go build " + strings.Join(releaseBuildFlags, " ") + " "
	if !slices.ContainsFunc(build.runs, func(run string) bool { return strings.Contains(run, want) }) {
		t.Errorf("the build stage does not run %q, the build this package tests", want)
	}
}

func TestDockerfileImage(t *testing.T) {
	img := finalImage(t)
	if img.base != "scratch" {
		t.Errorf("final stage FROM %s, want scratch", img.base)
	}
	if uid, _ := img.uidGid(t); uid == 0 {
		t.Errorf("USER %s runs as root", img.user)
	}
	// Every folder the service writes to must be a volume: the root filesystem is read-only.
	for _, key := range []string{"MODELS_DIR", "COMPILATION_CACHE_DIR"} {
		if dir := img.env[key]; !img.hasVolume(dir) {
			t.Errorf("%s=%q is not a VOLUME %v", key, dir, img.volumes)
		}
	}
	if dir := filepath.Dir(img.env["SOCKET_PATH"]); !img.hasVolume(dir) {
		t.Errorf("the folder of SOCKET_PATH=%q is not a VOLUME %v", img.env["SOCKET_PATH"], img.volumes)
	}
	// Each volume's folder is in the image, owned by the service user, so that a new named volume starts writable.
	uid, gid := img.uidGid(t)
	owner := fmt.Sprintf("--chown=%d:%d ", uid, gid)
	for _, v := range img.volumes {
		if !slices.ContainsFunc(img.copies, func(c string) bool { return strings.Contains(c, owner) && strings.HasSuffix(c, " "+v) }) {
			t.Errorf("volume %s is not copied into the image with %s", v, owner)
		}
	}
	if len(img.entrypoint) != 1 || len(img.cmd) != 1 || img.cmd[0] != "serve" {
		t.Errorf("ENTRYPOINT %q CMD %q: want the binary alone, and serve as the default command (so that `pull` replaces it)", img.entrypoint, img.cmd)
	}
}
