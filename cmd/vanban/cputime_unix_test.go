//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// cpuTime is the user and system time of this process and of its waited
// children so far.
func cpuTime() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return total
}

// waitChildren waits (at most limit) until this process has no child
// left: a command's parse children exit after it returns (their input is
// closed) and are counted by cpuTime only once reaped. Where /proc does
// not list children it returns at once.
func waitChildren(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		tasks, err := filepath.Glob("/proc/self/task/*/children")
		if err != nil || len(tasks) == 0 {
			return
		}
		any := false
		for _, t := range tasks {
			if b, err := os.ReadFile(t); err == nil && len(strings.TrimSpace(string(b))) > 0 {
				any = true
				break
			}
		}
		if !any {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
