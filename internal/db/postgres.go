package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// connectTimeout bounds how long opening PostgreSQL may take, so a wrong or unreachable
// --db fails with one clear line instead of hanging.
const connectTimeout = 5 * time.Second

func openPostgres(dsn string, o options) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("database: %q is not a postgres://user@host:port/db URL", Redact(dsn))
	}
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", strconv.Itoa(int(connectTimeout.Seconds())))
	}
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(dsn), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s is not reachable: %s", Redact(dsn), oneLine(err))
	}
	db.SetMaxOpenConns(PostgresIdleConns)
	keepIdle(db, PostgresIdleConns)
	return wrap(db, dialect.Postgres, o), nil
}

// oneLine flattens pgx's connect error, which puts each address it tried (and each
// TLS fallback) on a line of its own, into one line without repeats: a wrong --db is
// reported as one line.
func oneLine(err error) string {
	var parts []string
	for _, l := range strings.Split(err.Error(), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !slices.Contains(parts, l) {
			parts = append(parts, l)
		}
	}
	out := ""
	for i, p := range parts {
		switch {
		case i == 0:
		case strings.HasSuffix(parts[i-1], ":"):
			out += " "
		default:
			out += "; "
		}
		out += p
	}
	return out
}

// Redact hides the password of a database URL in messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Rebind turns the ? placeholders of a hand-written statement into PostgreSQL's $n.
// Statements are written once with ?, which SQLite takes as it is. A ? inside a quoted
// literal is left alone.
func Rebind(dialectName, query string) string {
	if dialectName != dialect.Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, r := range query {
		switch {
		case r == '\'':
			quoted = !quoted
		case r == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Retryable reports whether err is PostgreSQL giving up a transaction that may succeed
// when run again from the start: a deadlock (40P01) or a serialization failure (40001).
// PostgreSQL has already rolled the transaction back.
func Retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}
