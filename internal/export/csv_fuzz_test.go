package export

import (
	"encoding/csv"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzCSVCell writes a cell through the export's CSV writer and reads the file back
// with encoding/csv, as a spreadsheet import would: the row has its two cells, the cell
// reads back as Neutralize(cell) (carriage returns aside: the writer ends lines with
// CRLF, so a CR inside a cell is dropped and a line break reads back as LF), and no
// cell read back starts with a character that makes a spreadsheet run a formula.
// Seeds: testdata/fuzz/FuzzCSVCell.
func FuzzCSVCell(f *testing.F) {
	f.Fuzz(func(t *testing.T, cell string) {
		rec := httptest.NewRecorder()
		out := newCSVStream(rec)
		if err := out.Write([]string{cell, "next"}); err != nil {
			t.Fatal(err)
		}
		if err := out.Flush(); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
		if err != nil {
			t.Fatalf("%q wrote %q, which does not parse: %v", cell, rec.Body.String(), err)
		}
		if len(rows) != 1 || len(rows[0]) != 2 || rows[0][1] != "next" {
			t.Fatalf("%q wrote %q, read back as %q", cell, rec.Body.String(), rows)
		}
		want := strings.ReplaceAll(Neutralize(cell), "\r", "")
		if got := rows[0][0]; got != want {
			t.Fatalf("%q read back as %q, want %q", cell, got, want)
		}
		if got := rows[0][0]; got != "" && strings.ContainsRune("=+-@\t\r\n", rune(got[0])) {
			t.Fatalf("%q read back as %q, which a spreadsheet evaluates", cell, got)
		}
	})
}
