// Package export streams the directory pages as CSV (PRODUCT.md §6): the Managed
// accounts of an organization, and the Users of an organization or of a site, with the
// page's search, filter and order. Rows are read in keyset batches and written straight
// to the response, so memory does not grow with the number of rows, the first bytes
// leave at once, and an export stops when its client goes away.
package export

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/groupgrant"
	"orgdir/internal/apperr"
	"orgdir/internal/clock"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/metrics"
)

// BatchSize is how many rows one query reads. Larger batches do not pay on PostgreSQL:
// with 2,000 ids in a batch's IN list its planner turns from index lookups to scanning
// the memberships and group members tables (EXPLAIN ANALYZE: 3 ms for 500 ids, 178 ms
// for 2,000, at 200k accounts).
const BatchSize = 500

// Service serves the exports.
type Service struct {
	Client    *ent.Client
	Clock     clock.Clock
	Directory *directory.Service
	// Metrics counts the rows each kind of export streams (nil counts nothing).
	Metrics *metrics.Metrics
}

// New returns a Service.
func New(client *ent.Client, c clock.Clock, dir *directory.Service) *Service {
	return &Service{Client: client, Clock: c, Directory: dir}
}

// products are the product columns, in the order and with the headers of §6.
var products = []groupgrant.Product{
	groupgrant.ProductBITBUCKET, groupgrant.ProductCONFLUENCE, groupgrant.ProductJIRA,
	groupgrant.ProductJIRA_PRODUCT_DISCOVERY, groupgrant.ProductJIRA_SERVICE_MANAGEMENT,
	groupgrant.ProductOPSGENIE, groupgrant.ProductSTATUSPAGE, groupgrant.ProductTRELLO,
}

func productHeaders() []string {
	out := make([]string, len(products))
	for i, p := range products {
		out[i] = directory.ProductName(p)
	}
	return out
}

// pathID reads an id from the route: a malformed one names nothing the caller sees.
func pathID(r *http.Request, name, prefix string) (gid.ID, error) {
	id, err := gid.Parse(r.PathValue(name))
	if err != nil || id.Prefix() != prefix {
		return "", apperr.NotFoundf(strings.TrimSuffix(name, "Id"))
	}
	return id, nil
}

// export is one CSV download: it checks everything that can fail before the first
// byte, then streams.
type export struct {
	filename string
	header   []string
	// stream writes the rows, flushing after each batch.
	stream func(ctx context.Context, out *csvStream) error
}

// serve answers an export: an error before streaming is a JSON error with its status
// (404 for what the caller does not see, nothing of the CSV sent); an error while
// streaming aborts the response so the client sees a failed download, not a short file.
// kind names the export in metrics.
func (s *Service) serve(w http.ResponseWriter, r *http.Request, kind string, prepare func() (*export, error)) {
	e, err := prepare()
	if err != nil {
		writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.filename}))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	out := newCSVStream(w)
	defer func() { s.Metrics.ExportRows(kind, out.rows-1) }() // the header is not a row
	err = out.Write(e.header)
	if err == nil {
		err = out.Flush()
	}
	if err == nil {
		err = e.stream(r.Context(), out)
	}
	if err == nil {
		err = out.Flush()
	}
	if err == nil {
		return
	}
	if r.Context().Err() != nil {
		return // the client went away: nothing to tell it
	}
	slog.ErrorContext(r.Context(), "export failed while streaming", "err", err, "path", r.URL.Path)
	panic(http.ErrAbortHandler)
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apperr.Error
	status, code, msg, field := http.StatusInternalServerError, string(apperr.Internal), "internal error", ""
	if errors.As(err, &ae) {
		code, msg, field = string(ae.Code), ae.Message, ae.Field
		switch ae.Code {
		case apperr.NotFound:
			status = http.StatusNotFound
		case apperr.Forbidden:
			status = http.StatusForbidden
		case apperr.Unauthenticated:
			status = http.StatusUnauthorized
		case apperr.InvalidInput:
			status = http.StatusBadRequest
		default:
			status = http.StatusConflict
		}
	} else {
		slog.ErrorContext(r.Context(), "export failed", "err", err, "path", r.URL.Path)
	}
	ext := map[string]any{"code": code}
	if field != "" {
		ext["field"] = field
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": ext}}})
}

// filename is <what>-<name>-<date>.csv with the name reduced to safe characters.
func (s *Service) filename(what, name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.Trim(b.String(), "-")
	if slug == "" {
		slug = "export"
	}
	return slug + "-" + what + "-" + s.Clock.Now().UTC().Format("2006-01-02") + ".csv"
}

// batches reads a list in keyset batches of BatchSize and hands each to fn, stopping
// at the first error or when ctx ends. fetch runs one query with the keyset's order, a
// limit and, after the first batch, the predicate after; key gives a row's sort value
// and id; prepare reads what fn needs for a batch besides its rows, under a context that
// ends when batches returns.
//
// The three run at once, a batch apart: while fn works out and writes batch k, prepare
// reads for batches k+1 and k+2 and fetch reads batch k+3, so memory stays bounded and the
// database's work and orgdir's overlap instead of taking turns (on PostgreSQL a
// Managed accounts export spent most of its time waiting for one or the other, make
// bench W6).
func batches[T, P any](ctx context.Context, k keyset, fetch func(after func(*sql.Selector), order func(*sql.Selector)) ([]T, error),
	key func(T) (any, gid.ID), prepare func(context.Context, []T) (P, error), fn func([]T, P) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type batch struct {
		rows []T
		prep P
		err  error
	}
	fetched := make(chan batch, 1)
	go func() {
		defer close(fetched)
		var after func(*sql.Selector)
		for {
			var rows []T
			err := ctx.Err()
			if err == nil {
				rows, err = fetch(after, k.order)
			}
			select {
			case fetched <- batch{rows: rows, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(rows) < BatchSize {
				return
			}
			v, id := key(rows[len(rows)-1])
			after = k.after(v, id)
		}
	}()
	// Two batches are prepared at once, handed on in order: a batch's reads are round
	// trips that mostly wait for the database (pprof of W6 on PostgreSQL: orgdir used
	// 61% of a core, and prepare was the slowest of the three).
	prepared := make(chan chan batch, 1)
	go func() {
		defer close(prepared)
		for b := range fetched {
			done := make(chan batch, 1)
			select {
			case prepared <- done:
			case <-ctx.Done():
				return
			}
			if b.err != nil {
				done <- b
				return
			}
			go func() {
				if len(b.rows) > 0 {
					b.prep, b.err = prepare(ctx, b.rows)
				}
				done <- b
			}()
		}
	}()
	for done := range prepared {
		b := <-done
		if b.err != nil {
			return b.err
		}
		if len(b.rows) > 0 {
			if err := fn(b.rows, b.prep); err != nil {
				return err
			}
		}
	}
	return nil
}

// nothing is the prepare step of a batch that needs nothing besides its rows.
func nothing[T any](context.Context, []T) (struct{}, error) { return struct{}{}, nil }
