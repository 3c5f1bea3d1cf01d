package cache

// Progress hears about a download as it happens; cmd draws a bar per file or logs lines. Methods are
// called from the downloading goroutine, one file at a time.
type Progress interface {
	// Resolved: revision resolved to commit ("" when the hub does not tell); files follow.
	Resolved(id, revision, commit string)
	// FileStarted: an attempt at file begins; size is -1 when unknown. Called again on a retry.
	FileStarted(id, file string, size int64)
	// FileProgress: done bytes of file have arrived in the current attempt.
	FileProgress(id, file string, done int64)
	// FileDone: file is verified and in place, or failed with err.
	FileDone(id, file string, err error)
}

// noProgress is used when a caller does not watch.
type noProgress struct{}

func (noProgress) Resolved(string, string, string)    {}
func (noProgress) FileStarted(string, string, int64)  {}
func (noProgress) FileProgress(string, string, int64) {}
func (noProgress) FileDone(string, string, error)     {}

// progressWriter counts bytes into Progress.FileProgress.
type progressWriter struct {
	p        Progress
	id, file string
	done     int64
}

func (w *progressWriter) Write(b []byte) (int, error) {
	w.done += int64(len(b))
	w.p.FileProgress(w.id, w.file, w.done)
	return len(b), nil
}
