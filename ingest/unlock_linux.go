package ingest

import (
	"os"
	"syscall"
)

// unlockFile drops a flock held through f's open file description.
func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
