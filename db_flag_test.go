package main

import (
	"context"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

// runWithBadDB runs `orgdir serve` on db and returns what it printed, requiring that it
// exits non-zero, promptly, with one line and no panic.
func runWithBadDB(t *testing.T, db string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	out, err := exec.CommandContext(ctx, binary, "serve", "--addr", freeAddr(t), "--db", db).CombinedOutput()
	took := time.Since(start)
	require.NoError(t, ctx.Err(), "orgdir serve --db %s did not give up within 30 s", db)
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "%s", out)
	require.NotZero(t, exit.ExitCode())
	msg := strings.TrimSpace(string(out))
	require.NotContains(t, msg, "panic")
	require.NotContains(t, msg, "goroutine ")
	require.Len(t, strings.Split(msg, "\n"), 1, "one line:\n%s", msg)
	require.Less(t, took, 15*time.Second, "the connect timeout bounds the wait")
	return msg
}

func TestABadDBGivesOneClearLineAndANonZeroExit(t *testing.T) {
	t.Run("an unsupported kind of database is named", func(t *testing.T) {
		msg := runWithBadDB(t, "mysql://orgdir@127.0.0.1:3306/orgdir")
		require.Contains(t, msg, `unsupported kind "mysql"`)
		require.Contains(t, msg, "sqlite:PATH, postgres://")
	})

	t.Run("an unparsable URL is named", func(t *testing.T) {
		msg := runWithBadDB(t, "postgres://orgdir@%zz/orgdir")
		require.Contains(t, msg, "is not a postgres://user@host:port/db URL")
	})

	t.Run("a closed port is not reachable, and the password is not shown", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		msg := runWithBadDB(t, "postgres://orgdir:s3cret@"+addr+"/orgdir")
		require.Contains(t, msg, "is not reachable")
		require.Contains(t, msg, "connection refused")
		require.NotContains(t, msg, "s3cret")
		require.Contains(t, msg, "xxxxx")
	})

	t.Run("a server that accepts and never answers times out instead of hanging", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		t.Cleanup(func() { _ = ln.Close() })
		var (
			mu   sync.Mutex
			held []net.Conn
		)
		t.Cleanup(func() {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range held {
				_ = c.Close()
			}
		})
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				held = append(held, c) // read nothing, answer nothing
				mu.Unlock()
			}
		}()
		msg := runWithBadDB(t, "postgres://orgdir@"+ln.Addr().String()+"/orgdir")
		require.Contains(t, msg, "is not reachable")
	})

	t.Run("a SQLite path under a file cannot be created", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "a-file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		msg := runWithBadDB(t, "sqlite:"+filepath.Join(file, "orgdir.db"))
		require.Contains(t, msg, "database directory "+file)
		require.Contains(t, msg, "not a directory")
	})

	t.Run("a SQLite path that is a directory cannot be opened", func(t *testing.T) {
		dir := t.TempDir()
		msg := runWithBadDB(t, "sqlite:"+dir)
		require.Contains(t, msg, "database sqlite:"+dir+" cannot be opened")
	})

	t.Run("on PostgreSQL, a database that does not exist is named", func(t *testing.T) {
		u := postgresServer(t)
		u.Path = "/orgdir_no_such_database"
		msg := runWithBadDB(t, u.String())
		require.Contains(t, msg, `database "orgdir_no_such_database" does not exist`)
	})

	t.Run("on PostgreSQL, a role that does not exist is named", func(t *testing.T) {
		u := postgresServer(t)
		u.User = url.UserPassword("orgdir_no_such_role", "s3cret")
		msg := runWithBadDB(t, u.String())
		require.Contains(t, msg, `role "orgdir_no_such_role" does not exist`)
		require.NotContains(t, msg, "s3cret")
	})
}

// postgresServer is the PostgreSQL server of the PostgreSQL pass.
func postgresServer(t *testing.T) *url.URL {
	t.Helper()
	if !testkit.Postgres() {
		t.Skip("needs the PostgreSQL server: runs in the PostgreSQL pass (make test-postgres)")
	}
	u, err := url.Parse(testkit.PostgresAdmin())
	require.NoError(t, err)
	return u
}
