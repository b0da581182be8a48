package ingest

import "vanban/ingest/format"

// What the format readers share lives in ingest/format and the parse
// children in ingest/sandbox, so that the readers compile without the
// queue and its ledger (bbolt); the pool names them there too.

// causes are the sentinels by the name the ledger keeps (Entry.Cause).
var causes = format.Causes()

func causeName(err error) string { return format.CauseName(err) }
