package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
)

// invitation is one acknowledged inviteUsers and when its answer arrived.
type invitation struct {
	site   string
	emails []string
	at     time.Time
}

// TestBackupWhileServingAndRestore takes a backup with orgdir backup while admins keep
// inviting users, keeps writing, stops the server, restores the backup with orgdir
// restore and starts again: everything acknowledged before the backup began is there,
// nothing acknowledged after it ended is, the file is whole and the counters equal a
// recount.
func TestBackupWhileServingAndRestore(t *testing.T) {
	path, dsn := sqliteFile(t, "orgdir.db")
	backup := filepath.Join(t.TempDir(), "orgdir-backup.db")
	addr := freeAddr(t)
	cmd, _ := startLogging(t, io.Discard, []string{"ORGDIR_DEMO=true", "ORGDIR_DEMO_PASSWORD=" + demoPassword}, "--addr", addr, "--db", dsn)
	api := newAPIClient(addr)
	require.NoError(t, api.login("admin@acme.test", demoPassword))
	org := acmeOf(t, api)

	var mu sync.Mutex
	var acked []invitation
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				inv := invitation{site: org.sites[i%len(org.sites)]}
				for k := range 1 + i%3 {
					inv.emails = append(inv.emails, fmt.Sprintf("b%d-%d-%d@backup.test", w, i, k))
				}
				a, err := api.do(context.Background(), `mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails) { id } }`,
					map[string]any{"site": inv.site, "emails": inv.emails})
				if !assert.NoError(t, err) || !assert.True(t, a.ok(), "%+v", a.Errors) {
					return
				}
				inv.at = time.Now()
				mu.Lock()
				acked = append(acked, inv)
				mu.Unlock()
			}
		}()
	}
	snapshot := func() []invitation {
		mu.Lock()
		defer mu.Unlock()
		return append([]invitation(nil), acked...)
	}
	time.Sleep(700 * time.Millisecond)
	backupBegan := time.Now()
	out, err := runOrgdir("backup", "--db", dsn, "--to", backup)
	backupEnded := time.Now()
	require.NoError(t, err, out)
	require.Contains(t, out, "integrity_check ok")
	time.Sleep(500 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	all := snapshot()
	var before, after int
	for _, inv := range all {
		if inv.at.Before(backupBegan) {
			before++
		}
		if inv.at.After(backupEnded) {
			after++
		}
	}
	t.Logf("%d invitations acknowledged: %d before the backup began (it took %s), %d after it ended",
		len(all), before, backupEnded.Sub(backupBegan).Round(time.Millisecond), after)
	require.Positive(t, before)
	require.Positive(t, after, "writes went on after the backup")

	t.Run("an existing backup file is kept unless --force", func(t *testing.T) {
		sizeBefore := fileSize(t, backup)
		out, err := runOrgdir("backup", "--db", dsn, "--to", backup)
		require.Error(t, err)
		require.Contains(t, out, "already exists")
		require.Equal(t, sizeBefore, fileSize(t, backup))
		other := filepath.Join(t.TempDir(), "forced.db")
		require.NoError(t, os.WriteFile(other, []byte("old"), 0o600))
		out, err = runOrgdir("backup", "--db", dsn, "--to", other, "--force")
		require.NoError(t, err, out)
		require.Greater(t, fileSize(t, other), int64(3))
	})
	t.Run("restore refuses while the server has the database open", func(t *testing.T) {
		out, err := runOrgdir("restore", "--db", dsn, "--from", backup)
		require.Error(t, err)
		require.Contains(t, out, "in use by another process")
	})

	stopGracefully(t, cmd, 30*time.Second)
	t.Run("restore refuses a file that is not an orgdir backup and changes nothing", func(t *testing.T) {
		junk := filepath.Join(t.TempDir(), "junk.db")
		require.NoError(t, os.WriteFile(junk, []byte("not a database at all, but long enough to look like one...."), 0o600))
		sizeBefore := fileSize(t, path)
		out, err := runOrgdir("restore", "--db", dsn, "--from", junk)
		require.Error(t, err)
		require.Contains(t, out, "not a usable orgdir backup")
		require.Equal(t, sizeBefore, fileSize(t, path))
	})
	out, err = runOrgdir("restore", "--db", dsn, "--from", backup)
	require.NoError(t, err, out)
	_, err = os.Stat(path + "-wal")
	require.True(t, os.IsNotExist(err), "the old WAL is gone")

	addr = freeAddr(t)
	cmd, _ = startLogging(t, io.Discard, nil, "--addr", addr, "--db", dsn)
	api = newAPIClient(addr)
	require.NoError(t, api.login("admin@acme.test", demoPassword))
	d, err := db.Open(dsn)
	require.NoError(t, err)
	defer d.Close()
	requireIntact(t, d.SQL)
	for _, inv := range all {
		args := []any{inv.site}
		for _, e := range inv.emails {
			args = append(args, e)
		}
		n := count(t, d.SQL, `SELECT COUNT(*) FROM memberships m JOIN accounts a ON a.id = m.account_id
			WHERE m.site_id = ? AND m.removed_at IS NULL AND a.email_key IN (`+marks(len(inv.emails))+`)`, args...)
		switch {
		case inv.at.Before(backupBegan):
			assert.Equal(t, len(inv.emails), n, "acknowledged before the backup began: %v", inv.emails)
		case inv.at.After(backupEnded):
			assert.Zero(t, n, "acknowledged after the backup ended: %v", inv.emails)
		default:
			assert.Contains(t, []int{0, len(inv.emails)}, n, "during the backup, all or nothing: %v", inv.emails)
		}
	}
	requireCountersEqualRecount(t, d.SQL, api, org.org)
	stopGracefully(t, cmd, 30*time.Second)
}

func TestBackupAndRestoreOfPostgresPointToPgDump(t *testing.T) {
	for _, args := range [][]string{
		{"backup", "--db", "postgres://root@127.0.0.1:5432/orgdir", "--to", filepath.Join(t.TempDir(), "x.db")},
		{"restore", "--db", "postgres://root@127.0.0.1:5432/orgdir", "--from", filepath.Join(t.TempDir(), "x.db")},
	} {
		out, err := runOrgdir(args...)
		require.Error(t, err, args[0])
		require.Equal(t, "Error: "+db.ErrPostgresBackup.Error(), out)
	}
}

func fileSize(t *testing.T, path string) int64 {
	st, err := os.Stat(path)
	require.NoError(t, err)
	return st.Size()
}
