package ingest

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks the kernel to kill a parse child when vanban itself
// dies (even by SIGKILL), so a crash never leaves orphaned parsers running
// to their time limit.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
