//go:build !linux

package sandbox

import (
	"os"
	"os/exec"
)

// DieWithParent is a no-op where the kernel offers no parent-death signal;
// an orphaned child still ends at its time limit.
func DieWithParent(cmd *exec.Cmd) {}

func ownGroup(cmd *exec.Cmd) {}

func killGroup(p *os.Process) { _ = p.Kill() }

func setNice(pid, nice int) {}
