package cache

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// metadataName is the small file recording what a download put in a model folder.
const metadataName = ".tokenizerd.json"

// hfMetadataDir is where huggingface_hub's snapshot_download(local_dir=…) records each file's commit.
const hfMetadataDir = ".cache/huggingface/download"

const (
	stateDownloading = "downloading" // written before any file is replaced: the folder is not to be used
	stateComplete    = "complete"
)

type metadata struct {
	State    string       `json:"state"`
	ID       string       `json:"id"`
	Source   string       `json:"source"`
	Revision string       `json:"revision"`
	Commit   string       `json:"commit,omitempty"`
	Files    []fileRecord `json:"files"`
	Fetched  time.Time    `json:"fetched"`
}

type fileRecord struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`         // computed while downloading
	ETag   string `json:"etag,omitempty"` // as the hub sent it
}

// readMetadata returns nil, nil when the folder has no metadata (filled by hand or by another tool).
func readMetadata(dir string) (*metadata, error) {
	data, err := os.ReadFile(filepath.Join(dir, metadataName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m metadata
	if err := json.Unmarshal(data, &m); err != nil {
		// Only a hand edit or a broken disk gets here (the file is written atomically): treat the folder
		// like an interrupted download, so that the next download repairs it.
		return &metadata{}, nil
	}
	return &m, nil
}

func writeMetadata(dir string, m *metadata) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(dir, metadataName, append(data, '\n'))
}

// hfLocalCommit reads the commit huggingface_hub recorded for tokenizer.json in a local_dir download:
// the file's first line. "" when there is none.
func hfLocalCommit(dir string) string {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(hfMetadataDir), RequiredFile+".metadata"))
	if err != nil {
		return ""
	}
	defer f.Close()
	line, _, err := bufio.NewReader(f).ReadLine()
	if commit := strings.TrimSpace(string(line)); err == nil && isCommit(commit) {
		return commit
	}
	return ""
}

// isCommit reports whether s is a full git commit id.
func isCommit(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
