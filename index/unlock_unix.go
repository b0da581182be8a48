//go:build unix

package index

import (
	"os"
	"syscall"
)

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
