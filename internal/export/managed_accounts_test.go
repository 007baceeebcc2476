package export_test

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
)

var managedHeader = append([]string{"Name", "Email", "Account ID", "Last active", "Status", "Billable", "Policy name",
	"Policy type", "SAML single sign-on", "Two-step verification", "Password requirements", "Idle session duration"},
	productHeaders...)

type apiAccount struct {
	ID                   gid.ID
	Name, Email, Status  string
	LastActiveAt         *time.Time
	Billable             bool
	TwoStepVerification  bool
	AuthenticationPolicy *struct {
		Name                                   string
		Billable, EnforceSSO                   bool
		PasswordStrength                       string
		PasswordExpiryDays, IdleSessionMinutes int
	}
	ProductAccess []struct {
		Site    struct{ Name string }
		Product string
	}
	ExternalProductAccess []struct {
		SiteName, Product string
	}
}

// managedAccounts reads every page of the Managed accounts list through the API.
func (f *fixture) managedAccounts(vars map[string]any) []apiAccount {
	f.t.Helper()
	var all []apiAccount
	var after any
	for {
		v := map[string]any{"org": f.w.Acme, "after": after}
		for k, x := range vars {
			v[k] = x
		}
		var out struct {
			Organization struct {
				ManagedAccounts struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node apiAccount }
				}
			}
		}
		f.acme.MustQuery(`query($org: ID!, $after: Cursor, $where: ManagedAccountFilter, $search: String, $order: AccountOrder) {
			organization(id: $org) { managedAccounts(first: 100, after: $after, where: $where, search: $search, orderBy: $order) {
				pageInfo { hasNextPage endCursor }
				edges { node { id name email status lastActiveAt billable twoStepVerification
					authenticationPolicy { name billable enforceSSO passwordStrength passwordExpiryDays idleSessionMinutes }
					productAccess { site { name } product } externalProductAccess { siteName product } } } } } }`, v, &out)
		for _, e := range out.Organization.ManagedAccounts.Edges {
			all = append(all, e.Node)
		}
		if !out.Organization.ManagedAccounts.PageInfo.HasNextPage {
			return all
		}
		after = out.Organization.ManagedAccounts.PageInfo.EndCursor
	}
}

// expectedManagedRow is the row PRODUCT.md §6 asks for, built from the API's answer.
func expectedManagedRow(a apiAccount) []string {
	words := map[string]string{"ACTIVE": "Active", "DEACTIVATED": "Deactivated", "PENDING_DELETION": "Pending deletion"}
	row := []string{neutralized(a.Name), neutralized(a.Email), string(a.ID), lastActive(a.LastActiveAt), words[a.Status],
		yesNo(a.Billable), "", "", "No", yesNo(a.TwoStepVerification), "", ""}
	if p := a.AuthenticationPolicy; p != nil {
		row[6] = neutralized(p.Name)
		row[7] = map[bool]string{true: "Billable", false: "Non-billable"}[p.Billable]
		row[8] = yesNo(p.EnforceSSO)
		expiry := "never expire"
		if p.PasswordExpiryDays > 0 {
			expiry = fmt.Sprintf("expire after %d days", p.PasswordExpiryDays)
		}
		row[10] = fmt.Sprintf("%s strength, passwords %s", strings.ToUpper(p.PasswordStrength[:1])+strings.ToLower(p.PasswordStrength[1:]), expiry)
		row[11] = duration(p.IdleSessionMinutes)
	}
	sites := map[string][]string{}
	add := func(product, site string) {
		if !slices.Contains(sites[product], site) {
			sites[product] = append(sites[product], site)
		}
	}
	for _, pa := range a.ProductAccess {
		add(pa.Product, pa.Site.Name)
	}
	for _, pa := range a.ExternalProductAccess {
		add(pa.Product, pa.SiteName)
	}
	for _, p := range products {
		sort.Strings(sites[p])
		row = append(row, strings.Join(sites[p], ", "))
	}
	return row
}

func duration(minutes int) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case minutes%1440 == 0:
		return plural(minutes/1440, "day")
	case minutes%60 == 0:
		return plural(minutes/60, "hour")
	}
	return plural(minutes, "minute")
}

func TestExportManagedAccountsHasTheExactHeaderAndMatchesTheAPIForTheSameFilters(t *testing.T) {
	f := newFixture(t)
	f.richer()
	path := "/export/orgs/" + string(f.w.Acme) + "/managed-accounts.csv"
	cases := []struct {
		name  string
		query url.Values
		vars  map[string]any
	}{
		{"no filter", nil, nil},
		{"ordered by name", url.Values{"orderBy": {"NAME"}}, map[string]any{"order": map[string]any{"field": "NAME", "direction": "ASC"}}},
		{"ordered by email, descending", url.Values{"orderBy": {"EMAIL"}, "direction": {"DESC"}},
			map[string]any{"order": map[string]any{"field": "EMAIL", "direction": "DESC"}}},
		{"ordered by last active", url.Values{"orderBy": {"LAST_ACTIVE"}}, map[string]any{"order": map[string]any{"field": "LAST_ACTIVE", "direction": "ASC"}}},
		{"deactivated", url.Values{"status": {"DEACTIVATED"}}, map[string]any{"where": map[string]any{"status": "DEACTIVATED"}}},
		{"with two-step verification", url.Values{"twoStepVerification": {"true"}}, map[string]any{"where": map[string]any{"twoStepVerification": true}}},
		{"without site access", url.Values{"hasSiteAccess": {"false"}}, map[string]any{"where": map[string]any{"hasSiteAccess": false}}},
		{"in a policy", url.Values{"policyId": {string(f.w.Default)}}, map[string]any{"where": map[string]any{"policyId": f.w.Default}}},
		{"never active", url.Values{"neverActive": {"true"}}, map[string]any{"where": map[string]any{"neverActive": true}}},
		{"active before", url.Values{"lastActiveBefore": {f.env.Clock.Now().Add(-24 * time.Hour).Format(time.RFC3339)}},
			map[string]any{"where": map[string]any{"lastActiveBefore": f.env.Clock.Now().Add(-24 * time.Hour).Format(time.RFC3339)}}},
		{"searched", url.Values{"search": {"acme.test"}, "orderBy": {"NAME"}},
			map[string]any{"search": "acme.test", "order": map[string]any{"field": "NAME", "direction": "ASC"}}},
		{"searched in another script", url.Values{"search": {"Ολυ"}}, map[string]any{"search": "Ολυ"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := f.get(f.acme, path, c.query)
			assert.Equal(t, "text/csv; charset=utf-8", d.header.Get("Content-Type"))
			assert.Regexp(t, `^attachment; filename=acme-managed-accounts-2026-03-02\.csv$`, d.header.Get("Content-Disposition"))
			rows := d.rows(t)
			require.Equal(t, managedHeader, rows[0], "header row")
			api := f.managedAccounts(c.vars)
			require.Len(t, rows[1:], len(api))
			for i, a := range api {
				assert.Equal(t, expectedManagedRow(a), rows[i+1], "row %d (%s)", i+1, a.Email)
			}
		})
	}
	t.Run("the tricky names round-trip, neutralized where a spreadsheet would run them", func(t *testing.T) {
		rows := f.get(f.acme, path, nil).rows(t)
		byEmail := map[string][]string{}
		for _, r := range rows[1:] {
			byEmail[strings.TrimPrefix(r[1], "'")] = r
		}
		for email, name := range trickyNames {
			r, ok := byEmail[email]
			require.True(t, ok, email)
			assert.Equal(t, neutralized(name), r[0], email)
		}
		assert.Equal(t, "'=HYPERLINK(\"http://evil.test\",\"click\")", byEmail["formula@acme.test"][0])
		assert.Equal(t, "'\tTabbed", byEmail["tab@acme.test"][0])
		assert.Equal(t, "'=2+5@acme.test", byEmail["=2+5@acme.test"][1])
		assert.Equal(t, "Line one\nline two", byEmail["newline@acme.test"][0])
		assert.Equal(t, "李小龙", byEmail["chinese@acme.test"][0])
	})
	t.Run("outside access is listed with the organization's own sites", func(t *testing.T) {
		rows := f.get(f.acme, path, nil).rows(t)
		for _, r := range rows[1:] {
			if r[2] == string(f.w.Alice) {
				assert.Equal(t, "acme-eng", r[12+1], "Confluence")
				assert.Equal(t, "acme-eng, globex", r[12+2], "Jira, on Acme's site and on Globex's")
				assert.Equal(t, "acme-support", r[12+4], "Jira Service Management")
				assert.Equal(t, "globex", r[12+7], "Trello, on Globex's site")
				assert.Equal(t, "2026-03-02", r[3], "last active, the latest over all sites")
				return
			}
		}
		t.Fatal("Alice is missing")
	})
}
