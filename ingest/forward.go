package ingest

import (
	"vanban/ingest/format"
	"vanban/ingest/sandbox"
	"vanban/model"
)

// What the format readers share lives in ingest/format and the parse
// children in ingest/sandbox, so that the readers compile without the
// queue and its ledger (bbolt). The pool keeps its own names for the parts
// of them it uses (ingest.Config.Parse is a ParseOptions); other code
// imports those packages.

// The causes the pool and its tests name (format.ErrTooLarge …).
var (
	ErrUnsupported = format.ErrUnsupported
	ErrEncrypted   = format.ErrEncrypted
	ErrTooLarge    = format.ErrTooLarge
	ErrEmpty       = format.ErrEmpty
)

type (
	// FileError is format.FileError.
	FileError = format.FileError
	// ParseOptions is format.ParseOptions.
	ParseOptions = format.ParseOptions
	// Limits is sandbox.Limits.
	Limits = sandbox.Limits
	// Sandbox is sandbox.Sandbox.
	Sandbox = sandbox.Sandbox
)

// NewSandbox is sandbox.New.
func NewSandbox() *Sandbox { return sandbox.New() }

// Sniff is format.Sniff.
func Sniff(data []byte) (model.Format, error) { return format.Sniff(data) }

// causes are the sentinels by the name the ledger keeps (Entry.Cause).
var causes = format.Causes()

func causeName(err error) string { return format.CauseName(err) }
