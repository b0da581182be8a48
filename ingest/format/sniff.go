package format

import (
	"archive/zip"
	"bytes"
	"fmt"

	"vanban/model"
)

// Sniff tells the format from the content of a file, never from its name.
// A zip holding word/document.xml is DOCX, another zip XLSX; an OLE2
// compound file with a WordDocument stream is DOC, another XLS; "{\rtf"
// (after a byte-order mark or blanks) is RTF; the adapters refuse what is
// not theirs. Other formats that Word also saves (HTML, Word 2003 XML,
// OpenDocument, WordPerfect, Word 2.0 and older) are refused by name.
func Sniff(data []byte) (model.Format, error) {
	if len(data) == 0 {
		return "", ErrEmpty
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return model.FormatPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// OLE2: a Word document has a WordDocument stream (its name is in
		// the directory, UTF-16); otherwise a legacy .xls, or an encrypted
		// .xlsx (which excelize opens with a password): the xls adapter
		// tells those two apart.
		if bytes.Contains(data, wordDocumentName) {
			return model.FormatDOC, nil
		}
		return model.FormatXLS, nil
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n"), []byte("{\\rtf")):
		return model.FormatRTF, nil
	case isOldBIFF(data):
		// Excel 2.x–4.0 (a bare BIFF record stream): the xls adapter says
		// clearly that it is too old.
		return model.FormatXLS, nil
	}
	if name := otherFormat(data); name != "" {
		return "", fmt.Errorf("%w: it is %s, which vanban does not read: open it in Word or LibreOffice and save it as .docx or PDF", ErrUnsupported, name)
	}
	return "", ErrUnsupported
}

var wordDocumentName = []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00")

// sniffZip tells DOCX from XLSX (and names OpenDocument files) by the parts
// of the zip: its directory when the whole file is there, else the names
// in its local headers.
func sniffZip(data []byte) (model.Format, error) {
	var names []string
	if z, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range z.File {
			names = append(names, f.Name)
		}
	}
	has := func(name string) bool {
		for _, n := range names {
			if n == name {
				return true
			}
		}
		return names == nil && bytes.Contains(data, []byte(name))
	}
	const odf = "mimetypeapplication/vnd.oasis.opendocument."
	if len(data) > 30 && bytes.HasPrefix(data[30:], []byte(odf)) {
		kind := "an OpenDocument file"
		switch rest := data[30+len(odf):]; {
		case bytes.HasPrefix(rest, []byte("text")):
			kind = "an OpenDocument text (.odt)"
		case bytes.HasPrefix(rest, []byte("spreadsheet")):
			kind = "an OpenDocument spreadsheet (.ods)"
		}
		return "", fmt.Errorf("%w: it is %s, which vanban does not read: save it as .docx, .xlsx or PDF", ErrUnsupported, kind)
	}
	if has("word/document.xml") {
		return model.FormatDOCX, nil
	}
	return model.FormatXLSX, nil
}

// otherFormat names the document formats that are not ours but that Word
// saves or that travel under a .doc name; "" when unknown.
func otherFormat(data []byte) string {
	head := data[:min(len(data), 2048)]
	trim := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	lower := bytes.ToLower(trim)
	switch {
	case len(data) >= 4 && data[0] == 0xDB && data[1] == 0xA5:
		return "a Word for Windows 2.0 document"
	case len(data) >= 4 && data[0] == 0x9B && data[1] == 0xA5:
		return "a Word for Windows 1.x document"
	case len(data) >= 4 && (data[0] == 0x31 || data[0] == 0x32) && data[1] == 0xBE && data[2] == 0 && data[3] == 0:
		return "a Word for DOS or Windows Write document"
	case bytes.HasPrefix(data, []byte("\xFFWPC")):
		return "a WordPerfect document"
	case bytes.HasPrefix(lower, []byte("<?xml")) && (bytes.Contains(head, []byte("w:wordDocument")) || bytes.Contains(head, []byte("Word.Document"))):
		return "a Word 2003 XML document"
	case bytes.HasPrefix(lower, []byte("<html")) || bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html")):
		return "an HTML page (a document saved as a web page)"
	case bytes.HasPrefix(lower, []byte("mime-version:")):
		return "a web archive (.mht)"
	}
	return ""
}

// isOldBIFF tells a BIFF2–BIFF4 workbook: a BOF record (0x0009, 0x0209,
// 0x0409) with a plausible length at the start of the file.
func isOldBIFF(data []byte) bool {
	if len(data) < 8 || data[0] != 0x09 {
		return false
	}
	if data[1] != 0x00 && data[1] != 0x02 && data[1] != 0x04 {
		return false
	}
	n := int(data[2]) | int(data[3])<<8
	return n >= 4 && n <= 20 && data[3] == 0
}
