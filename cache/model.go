package cache

import (
	"bytes"
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
	// Read into a buffer of the file's size: growing one from nothing copied an 11 MB tokenizer.json about
	// twenty times over, on every start. A file that grew meanwhile still grows the buffer, up to the limit.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(f, m.maxFileSize+1))
	data := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("model %s: read %s: %w", m.ID, name, err)
	}
	if int64(len(data)) > m.maxFileSize {
		return nil, fmt.Errorf("model %s: %s grew past the %d bytes allowed: %w", m.ID, name, m.maxFileSize, ErrTooLarge)
	}
	return data, nil
}
