// Package embedtest builds embedded objects for the tests of the readers
// that read them (format, rtf, docx, parse): OLE1 objects as RTF holds
// them, OLE Packager data, and a reader that makes a one-line document of
// each object.
package embedtest

import (
	"encoding/binary"
	"fmt"

	"vanban/ingest/format"
	"vanban/model"
)

// OLE1 is an OLE1 object as RTF's \objdata holds it (MS-OLEDS 2.2.4):
// formatID 2 embeds native, 1 links to another file.
func OLE1(class string, formatID uint32, native []byte) []byte {
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, 0x0501)
	b = binary.LittleEndian.AppendUint32(b, formatID)
	for _, s := range []string{class, "", ""} {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)+1))
		b = append(append(b, s...), 0)
	}
	if formatID == 2 {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(native)))
		b = append(b, native...)
	}
	return b
}

// Packaged is the native data of an OLE Packager object holding a file.
func Packaged(name string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, 2)
	b = append(append(b, name...), 0)
	b = append(append(b, `C:\Users\vanthu\`+name...), 0)
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, 3)
	tmp := `C:\Temp\` + name + "\x00"
	b = binary.LittleEndian.AppendUint32(b, uint32(len(tmp)))
	b = append(b, tmp...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// Reader is a format.EmbedReader that records what it was asked
// ("class:data") and reads each object as a document of one line,
// "nội dung <data>"; data "broken" is a damaged object.
func Reader(asked *[]string) format.EmbedReader {
	return func(class string, data []byte) (*model.Document, error) {
		*asked = append(*asked, class+":"+string(data))
		if string(data) == "broken" {
			return nil, fmt.Errorf("%w: no workbook in it", format.ErrCorrupt)
		}
		f := format.NewFlow(model.FormatDOC)
		f.Para(format.FlowPara{Runs: []format.FlowRun{{Text: "nội dung " + string(data)}}})
		return f.Finish(), nil
	}
}
