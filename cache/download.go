package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/tokenizerd/tokenizerd/cache/hub"
)

// download fetches a model into dir under the folder's lock. Every file is downloaded and verified into a
// temporary file first; only then are they renamed into place, bracketed by a metadata file that marks
// the folder as being replaced, so that neither a failed download nor a crash leaves a folder that looks usable
// and is not.
func (c *Cache) download(ctx context.Context, id, rev, dir string, p Progress) (*Model, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("model %s: %w", id, err)
	}
	unlock, err := lockFolder(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", id, err)
	}
	defer unlock()

	// Whoever held the lock before may have just downloaded what we want.
	if f, err := inspect(dir); err == nil && f.usable() && (rev == "" || f.holds(rev)) {
		return f.model(id, c.cfg.MaxFileSize), nil
	}
	if err := removeStaleTemps(dir); err != nil {
		return nil, fmt.Errorf("model %s: %w", id, err)
	}

	revision := rev
	if revision == "" {
		revision = c.source.DefaultRevision()
	}
	ref := id + "@" + revision
	log := c.log.With("model", id, "revision", revision, "source", c.source.Name())
	log.Info("resolving model")
	snap, err := c.source.Resolve(ctx, id, revision, modelFiles)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", ref, err)
	}
	p.Resolved(id, revision, snap.Commit)
	meta := &metadata{ID: id, Source: c.source.Name(), Revision: revision, Commit: snap.Commit}

	if old, _ := readMetadata(dir); old != nil && old.State == stateComplete && snap.Commit != "" && old.Commit == snap.Commit {
		// Same commit under another name (a branch that points at what we have): nothing to fetch.
		meta.State, meta.Files, meta.Fetched = stateComplete, old.Files, time.Now().UTC()
		if err := writeMetadata(dir, meta); err != nil {
			return nil, fmt.Errorf("model %s: %w", ref, err)
		}
		return c.modelAt(id, dir)
	}

	temps := make([]string, 0, len(snap.Files))
	defer func() {
		for _, t := range temps {
			os.Remove(t) // those already renamed are gone; this only cleans up after a failure
		}
	}()
	for _, f := range snap.Files {
		tmp, rec, err := c.fetchFile(ctx, dir, id, snap, f, p)
		p.FileDone(id, f.Name, err)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", ref, err)
		}
		temps = append(temps, tmp)
		meta.Files = append(meta.Files, rec)
		log.Debug("file downloaded", "file", f.Name, "size", rec.Size, "sha256", rec.SHA256)
	}

	if err := c.publish(dir, meta, temps); err != nil {
		return nil, fmt.Errorf("model %s: %w", ref, err)
	}
	log.Info("model downloaded", "commit", snap.Commit, "files", len(meta.Files))
	return c.modelAt(id, dir)
}

// publish renames the verified temporary files into place and removes model files the new snapshot does
// not have (a stale chat_template.jinja would change behaviour).
func (c *Cache) publish(dir string, meta *metadata, temps []string) error {
	meta.State = stateDownloading
	if err := writeMetadata(dir, meta); err != nil {
		return err
	}
	for i, rec := range meta.Files {
		if err := os.Rename(temps[i], filepath.Join(dir, rec.Name)); err != nil {
			return err
		}
	}
	for _, name := range modelFiles {
		if !slices.ContainsFunc(meta.Files, func(r fileRecord) bool { return r.Name == name }) {
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	meta.State, meta.Fetched = stateComplete, time.Now().UTC()
	return writeMetadata(dir, meta)
}

// fetchFile downloads one file into a verified, synced temporary file in dir and returns its path.
func (c *Cache) fetchFile(ctx context.Context, dir, id string, snap hub.Snapshot, f hub.File, p Progress) (string, fileRecord, error) {
	if f.Size > c.cfg.MaxFileSize {
		return "", fileRecord{}, fmt.Errorf("%s has %d bytes, more than the %d allowed (MODELS_MAX_FILE_SIZE): %w", f.Name, f.Size, c.cfg.MaxFileSize, ErrTooLarge)
	}
	tmp, err := createTemp(dir, f.Name)
	if err != nil {
		return "", fileRecord{}, err
	}
	var size int64
	var sum string
	err = c.source.Retry().Do(ctx, func(ctx context.Context) error {
		if err := rewind(tmp); err != nil {
			return err
		}
		p.FileStarted(id, f.Name, f.Size)
		body, err := c.source.Open(ctx, id, snap, f)
		if err != nil {
			return err
		}
		defer body.Close()
		size, sum, err = copyVerified(tmp, body, f, c.cfg.MaxFileSize, &progressWriter{p: p, id: id, file: f.Name})
		return err
	})
	if err == nil {
		err = tmp.Sync()
	}
	if err != nil {
		discardTemp(tmp)
		return "", fileRecord{}, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", fileRecord{}, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes 0600; models are shared read-only
		os.Remove(tmp.Name())
		return "", fileRecord{}, err
	}
	c.stats.downloads.Add(1)
	c.stats.downloadedBytes.Add(size)
	return tmp.Name(), fileRecord{Name: f.Name, Size: size, SHA256: sum, ETag: f.ETag}, nil
}

func rewind(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.Seek(0, 0)
	return err
}
