package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// products are the product columns of PRODUCT.md §6, as the test reads the spec.
var products = []string{"BITBUCKET", "CONFLUENCE", "JIRA", "JIRA_PRODUCT_DISCOVERY", "JIRA_SERVICE_MANAGEMENT",
	"OPSGENIE", "STATUSPAGE", "TRELLO"}

var productHeaders = []string{"Bitbucket", "Confluence", "Jira", "Jira Product Discovery", "Jira Service Management",
	"OpsGenie", "StatusPage", "Trello"}

// trickyNames are names a CSV export must carry unchanged or neutralized.
var trickyNames = map[string]string{
	"comma@acme.test":     `Smith, "Jo" Anne`,
	"newline@acme.test":   "Line one\nline two",
	"formula@acme.test":   "=HYPERLINK(\"http://evil.test\",\"click\")",
	"plus@acme.test":      "+1 555 0100",
	"minus@acme.test":     "-2+3",
	"at@acme.test":        "@SUM(A1:A2)",
	"tab@acme.test":       "\tTabbed",
	"cr@acme.test":        "\nLeading newline",
	"chinese@acme.test":   "李小龙",
	"greek@acme.test":     "Ολυμπία Παπαδοπούλου",
	"arabic@acme.test":    "محمد الأحمد",
	"emoji@acme.test":     "Zoë 🚀 Ünïcode",
	"=2+5@acme.test":      "Formula Email",
	"quote@acme.test":     `"Quoted"`,
	"spaces@acme.test":    "  Padded  ",
	"semicolon@acme.test": "a;b|c",
}

type fixture struct {
	t      *testing.T
	env    *testkit.Env
	w      *testkit.World
	acme   *testkit.Client
	globex *testkit.Client
	site   *testkit.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	env := testkit.New(t)
	w := env.Seed()
	return &fixture{t: t, env: env, w: w,
		acme:   env.Login(testkit.AcmeAdminEmail, testkit.Password),
		globex: env.Login(testkit.GlobexAdminEmail, testkit.Password),
		site:   env.Login(testkit.SiteAdminEmail, testkit.Password)}
}

// richer adds to the World what the exports must show: tricky names (set as stored,
// past the API's own validation), product access inside and outside the
// organization, several groups, suspended and deactivated users, activity.
func (f *fixture) richer() {
	f.t.Helper()
	ctx := viewer.System(context.Background())
	var tricky []string
	require.NoError(f.t, directory.WithTx(ctx, f.env.App.DB.Client, func(tx *ent.Tx) error {
		for email, name := range trickyNames {
			a, err := directory.CreateAccount(ctx, tx, f.env.Clock.Now(), directory.NewAccount{Email: email, Name: "x"})
			if err != nil {
				return err
			}
			if err := tx.Account.UpdateOneID(a.ID).SetName(name).SetNameKey(strings.ToLower(name)).Exec(ctx); err != nil {
				return err
			}
			tricky = append(tricky, email)
		}
		return nil
	}))
	f.acme.MustQuery(`mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails,
		access: [{product: JIRA, role: USER}, {product: CONFLUENCE, role: ADMIN}]) { id } }`,
		map[string]any{"site": f.w.AcmeEng, "emails": tricky[:6]}, nil)
	f.acme.MustQuery(`mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails,
		access: [{product: JIRA_SERVICE_MANAGEMENT, role: USER}]) { id } }`,
		map[string]any{"site": f.w.AcmeSupport, "emails": append(tricky[4:8], "partner@outside.test", "alice@acme.test")}, nil)
	f.acme.MustQuery(`mutation($site: ID!, $a: ID!) { grantProductAccess(siteId: $site, accountId: $a, product: CONFLUENCE, role: ADMIN) { id } }`,
		map[string]any{"site": f.w.AcmeEng, "a": f.w.Alice}, nil)
	f.acme.MustQuery(`mutation($site: ID!, $a: ID!) { suspendUser(siteId: $site, accountId: $a, reason: "leave") { id } }`,
		map[string]any{"site": f.w.AcmeEng, "a": f.w.Gus}, nil)
	f.acme.MustQuery(`mutation($a: ID!) { deactivateAccount(accountId: $a) { id } }`, map[string]any{"a": f.w.Bob}, nil)
	f.acme.MustQuery(`mutation($site: ID!, $a: ID!, $at: Time) { recordActivity(siteId: $site, accountId: $a, at: $at) { id } }`,
		map[string]any{"site": f.w.AcmeSupport, "a": f.w.Alice, "at": f.env.Clock.Now().Add(-40 * 24 * time.Hour)}, nil)
	f.globex.MustQuery(`mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails,
		access: [{product: TRELLO, role: USER}]) { id } }`,
		map[string]any{"site": f.w.GlobexSite, "emails": []string{"comma@acme.test"}}, nil)
	f.globex.MustQuery(`mutation($site: ID!, $a: ID!) { grantProductAccess(siteId: $site, accountId: $a, product: TRELLO, role: USER) { id } }`,
		map[string]any{"site": f.w.GlobexSite, "a": f.w.Alice}, nil)
}

// download is a raw export answer.
type download struct {
	status int
	header http.Header
	body   []byte
}

func (f *fixture) get(c *testkit.Client, path string, q url.Values) download {
	f.t.Helper()
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	r := c.Raw(http.MethodGet, path, "", nil)
	return download{status: r.StatusCode, header: r.Header, body: []byte(r.Body)}
}

// rows parses a CSV export, failing the test unless it is well-formed RFC 4180 with
// CRLF line ends.
func (d download) rows(t *testing.T) [][]string {
	t.Helper()
	require.Equal(t, http.StatusOK, d.status, "%s", d.body)
	require.True(t, bytes.HasSuffix(d.body, []byte("\r\n")), "rows end with CRLF")
	require.NotContains(t, strings.ReplaceAll(string(d.body), "\r\n", ""), "\n", "no bare LF")
	r := csv.NewReader(bytes.NewReader(d.body))
	r.FieldsPerRecord = 0
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		out = append(out, rec)
	}
}

// neutralized is a cell as PRODUCT.md §6 wants it written.
func neutralized(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r\n") {
		return "'" + s
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func lastActive(t *time.Time) string {
	if t == nil {
		return "Never"
	}
	return day(t)
}

type idOnly struct{ ID gid.ID }
