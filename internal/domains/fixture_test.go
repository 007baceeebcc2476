package domains_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/auditevent"
	"orgdir/internal/app"
	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/gid"
	"orgdir/internal/page"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// fixture is a real orgdir with the seeded World, pointed at a real DNS server and a
// real HTTPS server on loopback, with its admins signed in.
type fixture struct {
	t                       *testing.T
	env                     *testkit.Env
	w                       *testkit.World
	dns                     *dnsServer
	web                     *httpsServer
	acme, globex, siteAdmin *testkit.Client
}

// newFixture starts orgdir; allowPrivate is --insecure-allow-private-verification,
// without which the HTTPS check refuses the loopback test server.
func newFixture(t *testing.T, allowPrivate bool) *fixture {
	t.Helper()
	d, web := startDNS(t), startHTTPS(t)
	env := testkit.NewWithOptions(t, app.Options{Domains: domains.Config{
		DNSResolver: d.addr, CAFile: web.caFile, AllowPrivate: allowPrivate, HTTPSPort: web.port,
		Timeout: 700 * time.Millisecond,
	}})
	w := env.Seed()
	return &fixture{t: t, env: env, w: w, dns: d, web: web,
		acme:      env.Login(testkit.AcmeAdminEmail, testkit.Password),
		globex:    env.Login(testkit.GlobexAdminEmail, testkit.Password),
		siteAdmin: env.Login(testkit.SiteAdminEmail, testkit.Password)}
}

const domainFields = `id name status method verificationRecord verificationFileUrl verifiedAt claimedAt lastCheckedAt lastCheckError failingSince`

type domainView struct {
	ID                  gid.ID     `json:"id"`
	Name                string     `json:"name"`
	Status              string     `json:"status"`
	Method              *string    `json:"method"`
	VerificationRecord  string     `json:"verificationRecord"`
	VerificationFileURL string     `json:"verificationFileUrl"`
	VerifiedAt          *time.Time `json:"verifiedAt"`
	ClaimedAt           *time.Time `json:"claimedAt"`
	LastCheckedAt       *time.Time `json:"lastCheckedAt"`
	LastCheckError      *string    `json:"lastCheckError"`
	FailingSince        *time.Time `json:"failingSince"`
}

func (f *fixture) addDomain(c *testkit.Client, org gid.ID, name string) testkit.Response {
	f.t.Helper()
	return c.Query(`mutation($org: ID!, $name: String!) { addDomain(organizationId: $org, name: $name) { `+domainFields+` } }`,
		map[string]any{"org": org, "name": name})
}

func (f *fixture) mustAdd(org gid.ID, name string) domainView {
	f.t.Helper()
	c := f.acme
	if org == f.w.Globex {
		c = f.globex
	}
	r := f.addDomain(c, org, name)
	require.Empty(f.t, r.Errors, "addDomain %s: %+v", name, r.Errors)
	var out struct{ AddDomain domainView }
	r.Decode(&out)
	return out.AddDomain
}

func (f *fixture) verifyDomain(c *testkit.Client, id gid.ID, method string) testkit.Response {
	f.t.Helper()
	return c.Query(`mutation($id: ID!, $m: DomainVerificationMethod!) { verifyDomain(domainId: $id, method: $m) { `+domainFields+` } }`,
		map[string]any{"id": id, "m": method})
}

func (f *fixture) mustVerify(id gid.ID, method string) domainView {
	f.t.Helper()
	r := f.verifyDomain(f.acme, id, method)
	require.Empty(f.t, r.Errors, "verifyDomain: %+v", r.Errors)
	var out struct{ VerifyDomain domainView }
	r.Decode(&out)
	return out.VerifyDomain
}

// domain reads a domain of Acme through the API.
func (f *fixture) domain(id gid.ID) domainView {
	f.t.Helper()
	var out struct{ Node domainView }
	f.acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Domain { `+domainFields+` } } }`, map[string]any{"id": id}, &out)
	return out.Node
}

// verifiedByDNS adds name to Acme, publishes its TXT record and verifies it.
func (f *fixture) verifiedByDNS(name string) domainView {
	f.t.Helper()
	d := f.mustAdd(f.w.Acme, name)
	f.dns.SetTXT(name, []string{d.VerificationRecord})
	v := f.mustVerify(d.ID, "DNS_TXT")
	require.Equal(f.t, "VERIFIED", v.Status, "lastCheckError: %v", v.LastCheckError)
	return v
}

// createAccounts creates accounts through the directory's rules, on no site.
func (f *fixture) createAccounts(emails ...string) []gid.ID {
	f.t.Helper()
	ctx := viewer.System(context.Background())
	var ids []gid.ID
	require.NoError(f.t, directory.WithTx(ctx, f.env.App.DB.Client, func(tx *ent.Tx) error {
		for _, e := range emails {
			a, err := directory.CreateAccount(ctx, tx, f.env.Clock.Now(), directory.NewAccount{Email: e})
			if err != nil {
				return err
			}
			ids = append(ids, a.ID)
		}
		return nil
	}))
	return ids
}

// account reads an account as the system.
func (f *fixture) account(id gid.ID) *ent.Account {
	f.t.Helper()
	a, err := f.env.App.DB.Client.Account.Get(viewer.System(context.Background()), id)
	require.NoError(f.t, err)
	return a
}

// auditEvents lists the events of org with an action, as the system.
func (f *fixture) auditEvents(org gid.ID, action string) []*ent.AuditEvent {
	f.t.Helper()
	evs, err := f.env.App.DB.Client.AuditEvent.Query().
		Where(auditevent.OrgID(org), auditevent.Action(action)).All(viewer.System(context.Background()))
	require.NoError(f.t, err)
	return evs
}

// requireCountersMatchRecount checks the Managed accounts counters of org against a scan.
func (f *fixture) requireCountersMatchRecount(org gid.ID) *directory.ManagedAccountStats {
	f.t.Helper()
	ctx := viewer.System(context.Background())
	got, err := f.env.App.Directory.Stats(ctx, org)
	require.NoError(f.t, err)
	want, err := f.env.App.Directory.Recount(ctx, org)
	require.NoError(f.t, err)
	require.Equal(f.t, want, got, "counters of %s differ from a recount", org)
	// A searched list's count comes from the search index on SQLite, which claims and
	// releases move as well.
	for _, term := range []string{"test", "acme", "bigco", "person 1"} {
		one := 1
		conn, err := f.env.App.Directory.ManagedAccounts(ctx, org, page.Page{First: &one}, &term, nil, nil, directory.NoMemberships)
		require.NoError(f.t, err)
		rows, err := f.env.App.DB.Client.Account.Query().Where(directory.ManagedAccountPredicates(org, &term, nil)...).Count(ctx)
		require.NoError(f.t, err)
		require.Equal(f.t, rows, conn.TotalCount, "search %q of %s counts what its rows do", term, org)
	}
	return got
}

// recheckDaily moves the clock one day and runs the background jobs once.
func (f *fixture) recheckDaily() {
	f.t.Helper()
	f.env.Clock.Advance(24 * time.Hour)
	f.env.App.Jobs.RunOnce(context.Background())
}

// apiKey creates an org API key through the API and returns its secret.
func (f *fixture) apiKey(org gid.ID, readOnly bool) string {
	f.t.Helper()
	var out struct{ CreateApiKey struct{ Secret string } }
	f.acme.MustQuery(`mutation($org: ID!, $ro: Boolean!) { createApiKey(organizationId: $org, input: {name: "script", readOnly: $ro}) { secret } }`,
		map[string]any{"org": org, "ro": readOnly}, &out)
	return out.CreateApiKey.Secret
}

// bearerQuery runs a GraphQL document with an API key.
func (f *fixture) bearerQuery(secret, query string) testkit.Response {
	f.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query})
	require.NoError(f.t, err)
	req, err := http.NewRequest(http.MethodPost, f.env.Server.URL+"/query", bytes.NewReader(body))
	require.NoError(f.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := http.DefaultClient.Do(req)
	require.NoError(f.t, err)
	defer res.Body.Close()
	var r testkit.Response
	require.NoError(f.t, json.NewDecoder(res.Body).Decode(&r))
	return r
}
