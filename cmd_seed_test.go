package main

import (
	"bytes"
	"database/sql"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSeedCommandReportsProgressAndRefusesASecondRunInOneLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.db")
	dsn := "sqlite:" + path
	run := func() (stdout, stderr string, err error) {
		var o, e bytes.Buffer
		cmd := exec.Command(binary, "seed", "--db", dsn, "--accounts", "3000", "--orgs", "1", "--org-accounts", "50",
			"--admin-password", "correct horse battery staple")
		cmd.Stdout, cmd.Stderr = &o, &e
		err = cmd.Run()
		return o.String(), e.String(), err
	}
	out, progress, err := run()
	require.NoError(t, err, "%s%s", out, progress)
	assert.Contains(t, out, "Bigcorp (bigcorp.test): 3000 managed accounts, 6 site(s), admin admin@bigcorp.test")
	assert.Contains(t, out, "Initech (initech.test)")
	assert.NotContains(t, out, "admin password", "a chosen password is not printed")
	assert.Regexp(t, `seed: \d+/\d+ accounts \(\d+%\), \d+ rows, \d+ accounts/s, ETA`, progress)

	// The load may run with the rollback journal; the file is left in WAL mode.
	raw, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	var mode string
	require.NoError(t, raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	raw.Close()
	assert.Equal(t, "wal", mode)

	out, refusal, err := run()
	require.Error(t, err)
	assert.Empty(t, out)
	assert.Equal(t, `Error: seed: the database already holds an organization named "Bigcorp" (seeded before?): use a fresh database or another --org-name`,
		strings.TrimSpace(refusal))
}
