package export

import (
	"bufio"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// csvStream writes CSV rows (RFC 4180, UTF-8, CRLF) straight to an HTTP response,
// neutralizing cells a spreadsheet would run as a formula, and pushes each batch to the
// client as soon as it is written.
type csvStream struct {
	w  *csv.Writer
	rc *http.ResponseController
	// rows counts the lines written, header included.
	rows int
}

func newCSVStream(w http.ResponseWriter) *csvStream {
	// A batch goes out in few large writes rather than one per 4 KB (csv.Writer's own
	// buffer), each a chunk and a syscall.
	cw := csv.NewWriter(bufio.NewWriterSize(w, 64<<10))
	cw.UseCRLF = true
	return &csvStream{w: cw, rc: http.NewResponseController(w)}
}

// Write writes one row; cells are neutralized in place.
func (s *csvStream) Write(cells []string) error {
	for i, c := range cells {
		cells[i] = Neutralize(c)
	}
	if err := s.w.Write(cells); err != nil {
		return err
	}
	s.rows++
	return nil
}

// Flush sends what has been written so far.
func (s *csvStream) Flush() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	return s.rc.Flush()
}

// Neutralize prefixes with ' a cell that starts with =, +, -, @, tab, CR or LF, so a
// spreadsheet shows it as text instead of evaluating it (CSV formula injection).
func Neutralize(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// YesNo is a boolean cell.
func YesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// Date is a date cell, YYYY-MM-DD in UTC; empty for no date.
func Date(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// LastActive is a last-active cell: a date, or Never.
func LastActive(t *time.Time) string {
	if t == nil {
		return "Never"
	}
	return Date(t)
}

// Words turns an enum value into words: PENDING_DELETION is "Pending deletion".
func Words(enum string) string {
	if enum == "" {
		return ""
	}
	s := strings.ToLower(strings.ReplaceAll(enum, "_", " "))
	return strings.ToUpper(s[:1]) + s[1:]
}

// Duration says a number of minutes in the largest whole unit: "30 days", "12 hours".
func Duration(minutes int) string {
	unit := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + one + "s"
	}
	switch {
	case minutes > 0 && minutes%(24*60) == 0:
		return unit(minutes/(24*60), "day")
	case minutes > 0 && minutes%60 == 0:
		return unit(minutes/60, "hour")
	default:
		return unit(minutes, "minute")
	}
}
