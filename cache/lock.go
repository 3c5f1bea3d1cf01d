package cache

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// lockName is the file whose lock serialises downloads of one model across processes and pods sharing
// the folder. flock(2) locks belong to an open file, so two downloads in one process exclude each other too.
const lockName = ".tokenizerd.lock"

// lockPoll is how often a waiting download retries the lock.
const lockPoll = 50 * time.Millisecond

// lockFolder holds the model folder's download lock until the returned function is called.
func lockFolder(ctx context.Context, dir string) (unlock func(), err error) {
	l := flock.New(filepath.Join(dir, lockName))
	ok, err := l.TryLockContext(ctx, lockPoll)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", l.Path(), err)
	}
	if !ok {
		return nil, fmt.Errorf("lock %s: %w", l.Path(), ctx.Err())
	}
	return func() { l.Close() }, nil
}
