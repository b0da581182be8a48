//go:build !unix

package index

import "os"

func unlockFile(f *os.File) {}
