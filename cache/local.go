package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// folder is what a model folder holds right now, read without locks: complete files are only ever
// renamed into place, so a reader sees either the old or the new version of each file.
type folder struct {
	dir      string
	present  bool      // tokenizer.json exists
	meta     *metadata // nil for a folder filled by hand or by another tool
	hfCommit string    // commit recorded by huggingface_hub's local_dir download, if any
}

func inspect(dir string) (folder, error) {
	f := folder{dir: dir}
	st, err := os.Stat(filepath.Join(dir, RequiredFile))
	switch {
	case errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrInvalid):
		return f, nil
	case err != nil:
		return f, err
	}
	f.present = st.Mode().IsRegular()
	if f.meta, err = readMetadata(dir); err != nil {
		return f, err
	}
	f.hfCommit = hfLocalCommit(dir)
	return f, nil
}

// usable reports whether the folder can be served: tokenizer.json is there and no download of ours was
// interrupted half-way through replacing files.
func (f folder) usable() bool {
	return f.present && (f.meta == nil || f.meta.State == stateComplete)
}

// holds reports whether the folder is known to hold revision: by the revision name it was downloaded for,
// or by its commit (full or abbreviated to at least 7 digits).
func (f folder) holds(revision string) bool {
	if f.meta != nil && f.meta.Revision == revision {
		return true
	}
	return commitMatches(f.commit(), revision)
}

func (f folder) commit() string {
	if f.meta != nil && f.meta.Commit != "" {
		return f.meta.Commit
	}
	return f.hfCommit
}

func commitMatches(commit, revision string) bool {
	return commit != "" && len(revision) >= 7 && strings.HasPrefix(commit, strings.ToLower(revision)) &&
		strings.Trim(strings.ToLower(revision), "0123456789abcdef") == ""
}

// describe says what the folder holds, for error messages.
func (f folder) describe() string {
	switch {
	case !f.present:
		return "it is not in the models folder"
	case !f.usable():
		return "its download was interrupted"
	case f.meta != nil:
		return fmt.Sprintf("the models folder holds revision %q (commit %s)", f.meta.Revision, f.meta.Commit)
	case f.hfCommit != "":
		return "the models folder holds commit " + f.hfCommit
	default:
		return "the models folder holds a copy of unknown revision"
	}
}

func (f folder) model(id string, maxFileSize int64) *Model {
	m := &Model{ID: id, Dir: f.dir, Commit: f.commit(), Source: "local", maxFileSize: maxFileSize}
	if f.meta != nil {
		m.Revision, m.Source = f.meta.Revision, f.meta.Source
	}
	return m
}

// isPathRef reports whether a reference names a folder rather than org/name.
func isPathRef(ref string) bool {
	return filepath.IsAbs(ref) || ref == "." || ref == ".." || strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "../")
}

// localFolder serves a folder named by path: inside the models folder always, elsewhere only when the
// configuration allows it.
func (c *Cache) localFolder(ref string) (*Model, error) {
	if strings.ContainsFunc(ref, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return nil, fmt.Errorf("%q: control characters or backslashes in a path: %w", ref, ErrInvalidName)
	}
	dir, err := filepath.Abs(ref)
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("model folder %q: %w: %w", ref, ErrNotFound, err)
	}
	if !c.cfg.AllowLocalPaths && !within(c.realDir(), dir) {
		return nil, fmt.Errorf("%q is outside the models folder %s and local paths are not allowed (MODELS_ALLOW_LOCAL_PATHS): %w", ref, c.dir, ErrInvalidName)
	}
	f, err := inspect(dir)
	if err != nil {
		return nil, fmt.Errorf("model folder %q: %w", ref, err)
	}
	if !f.usable() {
		return nil, fmt.Errorf("model folder %q: no complete %s (%s): %w", ref, RequiredFile, f.describe(), ErrNotFound)
	}
	m := f.model(ref, c.cfg.MaxFileSize)
	return m, nil
}

// realDir is the models folder with symlinks resolved, for containment checks.
func (c *Cache) realDir() string {
	if d, err := filepath.EvalSymlinks(c.dir); err == nil {
		return d
	}
	return c.dir
}

func within(parent, child string) bool {
	rel, err := filepath.Rel(parent, child)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
