package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// tempPrefix starts the name of every file being written. The leading dot keeps it out of sight of tools
// listing the folder, and it is never one of the model file names, so a reader never opens one.
const tempPrefix = ".tokenizerd-tmp-"

// createTemp opens a new temporary file for name in dir, on the same file system as its final place.
func createTemp(dir, name string) (*os.File, error) {
	return os.CreateTemp(dir, tempPrefix+name+"-*")
}

// commitTemp makes a fully written temporary file visible under name: fsync the data, rename over the
// old file (atomic on POSIX), then fsync the folder so the rename survives a crash. tmp is closed.
func commitTemp(tmp *os.File, dir, name string) error {
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes 0600; models are shared read-only
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("publish %s: %w", name, err)
	}
	return syncDir(dir)
}

// discardTemp removes a temporary file that will not be published.
func discardTemp(tmp *os.File) {
	tmp.Close()
	os.Remove(tmp.Name())
}

// writeFileAtomic writes data to dir/name through a temporary file.
func writeFileAtomic(dir, name string, data []byte) error {
	tmp, err := createTemp(dir, name)
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		discardTemp(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := commitTemp(tmp, dir, name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// removeStaleTemps deletes temporary files left by a crashed or killed download. Only the holder of the
// model's lock calls it, so no live download owns one.
func removeStaleTemps(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}
