package httpserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/accountsuggestion"
	"orgdir/ent/adminrole"
	"orgdir/ent/apikey"
	"orgdir/ent/apitoken"
	"orgdir/ent/auditevent"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/device"
	"orgdir/ent/domain"
	"orgdir/ent/group"
	"orgdir/ent/membership"
	"orgdir/ent/orguser"
	"orgdir/ent/predicate"
	"orgdir/ent/site"
	"orgdir/internal/app"
	"orgdir/internal/domains"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// FuzzGraphQLHandler sends mutated request bodies to POST /query with a read-write
// Globex API key (issue 5). Whatever the body: the handler does not panic, never answers
// 5xx, always answers JSON, and never names an object only Acme sees (ids the body itself
// carries aside). The seed corpus in testdata/fuzz/FuzzGraphQLHandler holds documents of
// the contract, bad JSON, deep nesting and huge numbers; placeholders such as ID_BOB or
// ID_ACME_ENG in a body are replaced by the ids of this run's world before it is sent.
//
// make test runs the seeds; make fuzz mutates them for a minute.
func FuzzGraphQLHandler(f *testing.F) {
	fz := fuzzSetup(f)
	f.Add([]byte(`{"query":"{ viewer { apiKey { id name } organizations { id } } }"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		sent := fz.placeholders.Replace(string(body))
		req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(sent))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+fz.secret)
		rec := httptest.NewRecorder()
		fz.handler.ServeHTTP(rec, req) // a panic fails the input
		out := rec.Body.String()
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q:\n%s", rec.Code, sent, out)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("status %d, not JSON, for %q:\n%s", rec.Code, sent, out)
		}
		for _, o := range fz.acmeOnly {
			if strings.Contains(out, o.id) && !strings.Contains(sent, o.id) && !fz.globexSees(o) {
				t.Fatalf("the answer names %s (%s), which Globex does not see, for %q:\n%s", o.label, o.id, sent, out)
			}
		}
	})
}

type fuzzWorld struct {
	handler      http.Handler
	client       *ent.Client
	secret       string
	placeholders *strings.Replacer
	acmeOnly     []fuzzObject
	globex       gid.ID
}

type fuzzObject struct {
	label, id string
	account   bool
}

// fuzzSetup seeds the world once per fuzzing process: testkit's World, an Acme API key
// and suggestion (Acme rows to hide), and the Globex key the inputs are sent with.
func fuzzSetup(f *testing.F) *fuzzWorld {
	// Domain checks fail fast on a closed local port instead of asking the internet.
	env := testkit.NewWithOptions(f, app.Options{Domains: domains.Config{DNSResolver: "127.0.0.1:9", Timeout: 200 * time.Millisecond}})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	key := `mutation($o: ID!, $ro: Boolean!) { createApiKey(organizationId: $o, input: {name: "fuzz", readOnly: $ro}) { secret } }`
	acme.MustQuery(key, map[string]any{"o": w.Acme, "ro": false}, nil)
	acme.MustQuery(`mutation($a: ID!) { suggestAccountChanges(accountId: $a, input: {jobTitle: "x"}) }`, map[string]any{"a": w.Eve}, nil)
	var out struct{ CreateApiKey struct{ Secret string } }
	globex.MustQuery(key, map[string]any{"o": w.Globex, "ro": false}, &out)

	ctx := viewer.System(context.Background())
	c := env.App.DB.Client
	must := func(v any, err error) any {
		if err != nil {
			f.Fatal(err)
		}
		return v
	}
	first := func(ids []gid.ID, err error) gid.ID {
		must(nil, err)
		if len(ids) == 0 {
			f.Fatal("fuzz world: missing object")
		}
		return ids[0]
	}
	ph := map[string]gid.ID{
		"ID_ACME": w.Acme, "ID_GLOBEX": w.Globex, "ID_ACME_ENG": w.AcmeEng, "ID_ACME_SUPPORT": w.AcmeSupport,
		"ID_GLOBEX_SITE": w.GlobexSite, "ID_ACME_GROUP": w.AcmeJiraUsers, "ID_GLOBEX_GROUP": w.GlobexJiraUsers,
		"ID_ALICE": w.Alice, "ID_BOB": w.Bob, "ID_PAT": w.Pat, "ID_GINA": w.Gina, "ID_GUS": w.Gus, "ID_EVE": w.Eve,
		"ID_ACME_POLICY":   w.Default,
		"ID_ALICE_DEVICE":  first(c.Device.Query().Where(device.AccountID(w.Alice)).IDs(ctx)),
		"ID_ALICE_TOKEN":   first(c.ApiToken.Query().Where(apitoken.AccountID(w.Alice)).IDs(ctx)),
		"ID_ACME_DOMAIN":   first(c.Domain.Query().Where(domain.OrgID(w.Acme), domain.Name("acme.test")).IDs(ctx)),
		"ID_GLOBEX_DOMAIN": first(c.Domain.Query().Where(domain.OrgID(w.Globex), domain.Name("globex.test")).IDs(ctx)),
		"ID_ACME_KEY":      first(c.ApiKey.Query().Where(apikey.OrgID(w.Acme)).IDs(ctx)),
	}
	names := make([]string, 0, len(ph))
	for k := range ph {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) }) // ID_ACME_ENG before ID_ACME
	var pairs []string
	for _, k := range names {
		pairs = append(pairs, k, string(ph[k]))
	}

	// Everything of Acme's that Globex must not see (PRODUCT.md §2), by ownership.
	fz := &fuzzWorld{handler: env.App.Handler, client: c, secret: out.CreateApiKey.Secret,
		placeholders: strings.NewReplacer(pairs...), globex: w.Globex}
	ids := func(ids []gid.ID, err error) []gid.ID {
		must(nil, err)
		return ids
	}
	add := func(label string, ids []gid.ID) {
		for _, id := range ids {
			fz.acmeOnly = append(fz.acmeOnly, fuzzObject{label: label, id: string(id), account: label == "account"})
		}
	}
	add("organization", []gid.ID{w.Acme})
	add("site", ids(c.Site.Query().Where(site.OrgID(w.Acme)).IDs(ctx)))
	add("group", ids(c.Group.Query().Where(group.HasSiteWith(site.OrgID(w.Acme))).IDs(ctx)))
	add("membership", ids(c.Membership.Query().Where(membership.HasSiteWith(site.OrgID(w.Acme))).IDs(ctx)))
	add("policy", ids(c.AuthenticationPolicy.Query().Where(authenticationpolicy.OrgID(w.Acme)).IDs(ctx)))
	add("domain", ids(c.Domain.Query().Where(domain.OrgID(w.Acme)).IDs(ctx)))
	add("admin role", ids(c.AdminRole.Query().Where(adminrole.OrgID(w.Acme)).IDs(ctx)))
	add("API key", ids(c.ApiKey.Query().Where(apikey.OrgID(w.Acme)).IDs(ctx)))
	add("audit event", ids(c.AuditEvent.Query().Where(auditevent.OrgID(w.Acme)).IDs(ctx)))
	add("org user", ids(c.OrgUser.Query().Where(orguser.OrgID(w.Acme)).IDs(ctx)))
	add("device", ids(c.Device.Query().Where(device.HasAccountWith(account.ManagingOrgID(w.Acme))).IDs(ctx)))
	add("API token", ids(c.ApiToken.Query().Where(apitoken.HasAccountWith(account.ManagingOrgID(w.Acme))).IDs(ctx)))
	add("suggestion", ids(c.AccountSuggestion.Query().Where(accountsuggestion.FromOrgID(w.Acme),
		accountsuggestion.Not(accountsuggestion.HasAccountWith(account.ManagingOrgID(w.Globex)))).IDs(ctx)))
	add("account", ids(c.Account.Query().Where(account.Not(fuzzSeenByGlobex(w.Globex))).IDs(ctx)))
	if len(fz.acmeOnly) < 20 {
		f.Fatalf("fuzz world: only %d Acme-only objects", len(fz.acmeOnly))
	}
	return fz
}

// fuzzSeenByGlobex matches the accounts Globex sees: those it manages and those on its sites.
func fuzzSeenByGlobex(globex gid.ID) predicate.Account {
	return account.Or(account.ManagingOrgID(globex),
		account.HasMembershipsWith(membership.RemovedAtIsNil(), membership.HasSiteWith(site.OrgID(globex))))
}

// globexSees tells an account Globex has since come to see (an input invited its email to
// Globex's site, which the rules allow) from a leak. Other objects never change sides.
func (fz *fuzzWorld) globexSees(o fuzzObject) bool {
	if !o.account {
		return false
	}
	n, err := fz.client.Account.Query().Where(account.ID(gid.ID(o.id)), fuzzSeenByGlobex(fz.globex)).
		Count(viewer.System(context.Background()))
	return err == nil && n > 0
}
