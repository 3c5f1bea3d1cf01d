package cache

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Model is a model folder ready to be read.
type Model struct {
	ID       string // "org/name", or the path it was named by for a local folder
	Revision string // the revision it was downloaded for; "" when unknown (a folder filled by hand)
	Commit   string // the resolved commit; "" when unknown
	Source   string // "huggingface", "modelscope" or "local"
	Dir      string // absolute folder holding the files

	maxFileSize int64
}

// ReadFile reads one of the model files (see FileNames), refusing any other name and anything larger
// than the configured maximum. A missing file gives an error matching fs.ErrNotExist.
func (m *Model) ReadFile(name string) ([]byte, error) {
	if !isModelFile(name) {
		return nil, fmt.Errorf("%q is not a model file: %w", name, ErrInvalidName)
	}
	f, err := os.Open(filepath.Join(m.Dir, name))
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", m.ID, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", m.ID, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("model %s: %s is not a regular file", m.ID, name)
	}
	if st.Size() > m.maxFileSize {
		return nil, fmt.Errorf("model %s: %s has %d bytes, more than the %d allowed: %w", m.ID, name, st.Size(), m.maxFileSize, ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(f, m.maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("model %s: read %s: %w", m.ID, name, err)
	}
	if int64(len(data)) > m.maxFileSize {
		return nil, fmt.Errorf("model %s: %s grew past the %d bytes allowed: %w", m.ID, name, m.maxFileSize, ErrTooLarge)
	}
	return data, nil
}
