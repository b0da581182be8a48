//go:build unix

package index

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// releaseLocks drops the file locks this process holds on files under dir,
// found through /proc/self/fd: after Bleve panicked while opening a damaged
// index, the index it had half opened (and locked) is out of reach, and its
// lock would keep a repair in this process out. The descriptors stay open
// (closing one that a lost *os.File still owns could close a reused
// number later); they leak until exit.
func releaseLocks(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, fd := range fds {
		target, err := os.Readlink("/proc/self/fd/" + fd.Name())
		if err != nil || !strings.HasPrefix(target, abs+string(filepath.Separator)) {
			continue
		}
		if n, err := strconv.Atoi(fd.Name()); err == nil {
			_ = syscall.Flock(n, syscall.LOCK_UN)
		}
	}
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
