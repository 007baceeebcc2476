package export_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/export"
	"orgdir/internal/testkit"
)

// membershipIDOf is the id 'mem_' followed by the integer expr zero-padded to 26 digits.
func membershipIDOf(expr string) string {
	if testkit.Postgres() {
		return `'mem_' || lpad(CAST(` + expr + ` AS text), 26, '0')`
	}
	return `'mem_' || printf('%026d', ` + expr + `)`
}

// What a group grants and a site's name are read once per export, not again for every
// batch with the batch's memberships (make bench W6: at a million accounts the
// per-batch eager loads were most of the export's time).
func TestExportManagedAccountsReadsGrantsAndSiteNamesOncePerExport(t *testing.T) {
	var exporting atomic.Bool
	var memberships, grants, sites atomic.Int64
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		if !exporting.Load() {
			return
		}
		if strings.Contains(q, "FROM "+testkit.Ident("memberships")) || strings.Contains(q, "FROM memberships ") {
			memberships.Add(1)
		}
		if strings.Contains(q, testkit.Ident("group_grants")) {
			grants.Add(1)
		}
		if strings.Contains(q, "FROM "+testkit.Ident("sites")) || strings.Contains(q, "JOIN "+testkit.Ident("sites")) {
			sites.Add(1)
		}
	}})
	w := env.Seed()
	n := 4*export.BatchSize + 100
	env.BulkInsert(testkit.Series()+`
		INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, status, two_step_verification,
			provisioned, last_active_key, has_site_access, policy_id, managing_org_id)
		SELECT `+testkit.AccountIDOf("i")+`, `+testkit.Timestamp("2026-03-02 09:00:00+00:00")+`, 'bulk' || i || '@acme.test', 'bulk' || i || '@acme.test',
			'acme.test', 'Bulk Person ' || i, 'bulk person ' || i, 'ACTIVE', false, false, 0, true, ?, ? FROM seq`,
		n, w.Default, w.Acme)
	// Every bulk account uses Jira on acme-eng; the even ones on Globex's site too.
	for _, s := range []struct {
		offset, step int
		site, group  any
	}{{0, 1, w.AcmeEng, w.AcmeJiraUsers}, {n, 2, w.GlobexSite, w.GlobexJiraUsers}} {
		_, err := env.Exec(testkit.Series()+`
			INSERT INTO memberships (id, status, name_key, email_key, added_at, last_active_key, account_id, site_id)
			SELECT `+membershipIDOf("? + i")+`, 'ACTIVE', 'bulk person ' || i, 'bulk' || i || '@acme.test',
				`+testkit.Timestamp("2026-03-02 09:00:00+00:00")+`, 0, `+testkit.AccountIDOf("i")+`, ? FROM seq WHERE i % ? = 0`,
			n, s.offset, s.site, s.step)
		require.NoError(t, err)
		_, err = env.Exec(`INSERT INTO group_members (group_id, membership_id)
			SELECT ?, id FROM memberships WHERE site_id = ? AND id LIKE 'mem_0000%'`, s.group, s.site)
		require.NoError(t, err)
	}
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	exporting.Store(true)
	r := acme.Raw("GET", "/export/orgs/"+string(w.Acme)+"/managed-accounts.csv", "", nil)
	exporting.Store(false)
	require.Equal(t, 200, r.StatusCode, r.Body)

	rows := download{status: r.StatusCode, header: r.Header, body: []byte(r.Body)}.rows(t)
	bulk := 0
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[1], "bulk") {
			continue
		}
		bulk++
		want := "acme-eng"
		var i int
		_, err := fmt.Sscanf(row[1], "bulk%d@", &i)
		require.NoError(t, err)
		if i%2 == 0 {
			want = "acme-eng, globex"
		}
		require.Equal(t, want, row[12+2], "Jira of %s", row[1])
		require.Equal(t, "", row[12+1], "Confluence of %s", row[1])
	}
	require.Equal(t, n, bulk)
	batches := int64(len(rows)-1+export.BatchSize-1) / int64(export.BatchSize)
	t.Logf("%d batches: %d statements on memberships, %d on grants, %d on sites", batches, memberships.Load(), grants.Load(), sites.Load())
	assert.Equal(t, batches, memberships.Load(), "one statement reads the memberships of a batch")
	// Read when a batch meets groups and sites no batch met before: the first, and the
	// last with the World's own accounts.
	assert.LessOrEqual(t, grants.Load(), int64(2), "the groups' grants are not read again for every batch (%d)", batches)
	assert.LessOrEqual(t, sites.Load(), int64(2), "the sites' names are not read again for every batch (%d)", batches)
}
