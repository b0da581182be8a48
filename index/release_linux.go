//go:build linux

package index

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// releaseFiles lets go of what this process still holds under dir after
// Bleve panicked while opening a damaged index there: the index it had half
// opened (root.bolt, some segments) is out of reach, and its descriptors,
// file locks and memory maps would stay until exit — the lock keeping a
// repair in this process out, the maps keeping deleted files' space.
//
// Each descriptor found through /proc/self/fd that points under dir is
// replaced by /dev/null (dup3): the file is closed, its lock dropped, yet
// the number stays taken, so the lost *os.File that owns it can never
// close a number that was reused for another file. Each mapping of a file
// under dir listed in /proc/self/maps is unmapped: nothing reachable points
// into it any more (scorch starts no goroutine before its segments are
// loaded). Linux only (release_other.go does nothing).
func releaseFiles(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	prefix := abs + string(filepath.Separator)
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		null, err := syscall.Open(os.DevNull, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			defer syscall.Close(null)
			for _, fd := range fds {
				target, err := os.Readlink("/proc/self/fd/" + fd.Name())
				if err != nil || !strings.HasPrefix(target, prefix) {
					continue
				}
				if n, err := strconv.Atoi(fd.Name()); err == nil && n != null {
					_ = syscall.Flock(n, syscall.LOCK_UN)
					_ = syscall.Dup3(null, n, syscall.O_CLOEXEC)
				}
			}
		}
	}
	for _, m := range mappingsUnder(prefix) {
		_, _, _ = syscall.Syscall(syscall.SYS_MUNMAP, m[0], m[1]-m[0], 0)
	}
}

// mappingsUnder lists the [start, end) address ranges of this process's
// memory maps of files whose path starts with prefix (/proc/self/maps).
func mappingsUnder(prefix string) [][2]uintptr {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][2]uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset dev inode path
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], prefix) {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if ok && err1 == nil && err2 == nil && end > start {
			out = append(out, [2]uintptr{uintptr(start), uintptr(end)})
		}
	}
	return out
}
