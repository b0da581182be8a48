package sandbox

import (
	"os"
	"os/exec"
	"syscall"
)

// DieWithParent asks the kernel to kill cmd's process when the process
// that started it dies (even by SIGKILL), so a crash never leaves orphaned
// parsers or OCR programs running to their time limit. ingest/ocr uses it
// for pdftoppm and tesseract.
func DieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// ownGroup starts cmd as the leader of a new process group.
func ownGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// killGroup kills p's process group (p leads it, see ownGroup).
func killGroup(p *os.Process) {
	if err := syscall.Kill(-p.Pid, syscall.SIGKILL); err != nil {
		_ = p.Kill()
	}
}

// setNice sets the CPU priority of a process; what it starts afterwards
// inherits it. Raising priority back needs privilege, so a failure is
// ignored: the child only runs nicer than asked.
func setNice(pid, nice int) {
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, nice)
}
