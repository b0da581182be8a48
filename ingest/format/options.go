package format

// ParseOptions are what a reader is told besides the file: passed to the
// parser in-process (parse.Bytes) or in a parse child (sandbox.Sandbox).
type ParseOptions struct {
	// NoOCR disables OCR of pages without a usable text layer.
	NoOCR bool `json:"no_ocr,omitempty"`
	// Password opens encrypted files; empty tries the empty password only.
	Password string `json:"password,omitempty"`
}
