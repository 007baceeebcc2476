package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/adminrole"
	"orgdir/ent/domain"
	"orgdir/ent/organization"
	"orgdir/graph/generated"
	"orgdir/internal/app"
	"orgdir/internal/clock"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// The tenant-isolation matrix (issue 5, PRODUCT.md §2 "Who sees what" and rule 5):
// every Query and Mutation root field of the schema, called by every kind of caller,
// on an object of Acme, an object of Globex and a well-formed id of nothing, must give
// the answer written in isoMatrix below. A root field without a row fails the test, so
// a new field cannot ship without deciding who may call it.
//
// Every (field, caller) pair runs on its own copy of one seeded database, so that what
// one caller changes never decides what the next one gets.

// isoActor is a kind of caller.
type isoActor string

const (
	isoAcmeAdmin   isoActor = "acme-org-admin"
	isoAcmeKey     isoActor = "acme-read-write-key"
	isoReadOnly    isoActor = "acme-read-only-key"
	isoGlobexAdmin isoActor = "globex-org-admin"
	// isoSiteAdmin administers Globex's site only. Acme is CENTRALIZED and cannot have
	// site admins (grantAdminRole refuses SITE_ADMIN there), so for Acme's objects this
	// is a site admin of the other organization, and for Globex's a site admin of its own.
	isoSiteAdmin  isoActor = "globex-site-admin"
	isoExpiredKey isoActor = "expired-key"
	isoRevokedKey isoActor = "revoked-key"
	isoUnknownKey isoActor = "unknown-key"
	isoAnonymous  isoActor = "anonymous"
)

// isoSignedIn are the callers with a working session or key: each row says what they get.
var isoSignedIn = []isoActor{isoAcmeAdmin, isoAcmeKey, isoReadOnly, isoGlobexAdmin, isoSiteAdmin}

// isoRefused are the callers every root field refuses with HTTP 401 UNAUTHENTICATED.
var isoRefused = []isoActor{isoExpiredKey, isoRevokedKey, isoUnknownKey, isoAnonymous}

// isoSide is the organization a caller belongs to.
func isoSide(a isoActor) string {
	switch a {
	case isoAcmeAdmin, isoAcmeKey, isoReadOnly:
		return "acme"
	case isoGlobexAdmin, isoSiteAdmin:
		return "globex"
	}
	return ""
}

// Expected answers: "OK" is no error (and a non-null root field); anything else is the
// extensions.code of the first error, or of the first per-item error of a bulk result.
const (
	isoOK = "OK"
	isoNF = "NOT_FOUND"
	isoFB = "FORBIDDEN"
	isoNM = "NOT_MANAGED"
	isoIS = "INVALID_STATE"
	isoII = "INVALID_INPUT"
	isoCF = "CONFLICT"
)

func isoRep(code string, n int) []string { return slices.Repeat([]string{code}, n) }

// isoTarget is one way to call a root field: its variables, and, for a target naming an
// object a caller of side foreignTo must not see, the target with a random id in its
// place, whose answer must be the same code and message.
type isoTarget struct {
	name      string
	vars      map[string]any
	foreignTo string // "acme" or "globex": the side for which this target is foreign
	twin      string // the target with a random id where this one has the foreign id
	seenBy    []isoActor
}

// isoRow is a root field's entry in the matrix.
type isoRow struct {
	doc     string
	targets func(w *isoWorld) []isoTarget
	// setup prepares the state the row needs (as the organizations' admins) on each copy.
	setup func(t *testing.T, c *isoCopy)
	// want is the expected answer per signed-in caller, one per target, in order.
	want map[isoActor][]string
	// seen, instead of want, expects OK from the callers in the target's seenBy and
	// NOT_FOUND from the others (node over every object of the world).
	seen bool
}

// isoWorld is testkit's World plus what the matrix needs besides.
type isoWorld struct {
	*testkit.World
	Gail                                   gid.ID // gail@gmail.test, managed by nobody, INVITED to Globex's site only
	BobToken, BobDevice                    gid.ID
	GinaToken, GinaDevice                  gid.ID
	AcmeTest, GlobexTest                   gid.ID // the verified, claimed domains
	AcmeDup, GlobexDup                     gid.ID // unverified: Acme's globex.test and Globex's acme.test
	AcmeVictimKey, GlobexVictimKey         gid.ID // keys for revokeApiKey
	PatAdminRole, SiteAdminRole            gid.ID // roles for revokeAdminRole
	AcmeSuggestionForGus, GlobexSugForGail gid.ID
}

// --- the matrix -------------------------------------------------------------------

// Targets of rows that take one id.
func isoOne(key string, acme, globex gid.ID, extra map[string]any) func(*isoWorld) []isoTarget {
	return func(*isoWorld) []isoTarget {
		return []isoTarget{
			{name: "acme", vars: isoVars(extra, key, acme), foreignTo: "globex", twin: "random"},
			{name: "globex", vars: isoVars(extra, key, globex), foreignTo: "acme", twin: "random"},
			{name: "random", vars: isoVars(extra, key, isoRandom(acme))},
		}
	}
}

// Targets of rows that take two ids: each organization's own pair, random ids, and each
// organization's first id with the other's (or a random) second id.
func isoTwo(k1, k2 string, a1, a2, g1, g2 gid.ID, extra map[string]any) []isoTarget {
	return []isoTarget{
		{name: "acme", vars: isoVars(extra, k1, a1, k2, a2), foreignTo: "globex", twin: "random"},
		{name: "globex", vars: isoVars(extra, k1, g1, k2, g2), foreignTo: "acme", twin: "random"},
		{name: "random", vars: isoVars(extra, k1, isoRandom(a1), k2, isoRandom(a2))},
		{name: "acme×globex", vars: isoVars(extra, k1, a1, k2, g2), foreignTo: "acme", twin: "acme×random"},
		{name: "acme×random", vars: isoVars(extra, k1, a1, k2, isoRandom(g2))},
		{name: "globex×acme", vars: isoVars(extra, k1, g1, k2, a2), foreignTo: "globex", twin: "globex×random"},
		{name: "globex×random", vars: isoVars(extra, k1, g1, k2, isoRandom(a2))},
	}
}

// Targets of the lifecycle rows: the Acme-only Bob, the Globex-only Gina, a random id,
// then Gus (managed by Globex, a user of acme-eng) and Alice (managed by Acme, a user of
// Globex's site), whom both organizations see.
func isoAccounts(extra func(who string) map[string]any) func(*isoWorld) []isoTarget {
	return func(w *isoWorld) []isoTarget {
		return []isoTarget{
			{name: "acme", vars: isoVars(extra("bob"), "a", w.Bob), foreignTo: "globex", twin: "random"},
			{name: "globex", vars: isoVars(extra("gina"), "a", w.Gina), foreignTo: "acme", twin: "random"},
			{name: "random", vars: isoVars(extra("nobody"), "a", isoRandom(w.Bob))},
			{name: "gus", vars: isoVars(extra("gus"), "a", w.Gus)},
			{name: "alice", vars: isoVars(extra("alice"), "a", w.Alice)},
		}
	}
}

func isoNoExtra(string) map[string]any { return nil }

// Lifecycle: Acme manages Bob and Alice, Globex manages Gina and Gus; the site admin sees
// Gina and Alice (users of its site) but may not change accounts.
var isoLifecycleWant = map[isoActor][]string{
	isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNM, isoOK},
	isoAcmeKey:     {isoOK, isoNF, isoNF, isoNM, isoOK},
	isoReadOnly:    isoRep(isoFB, 5),
	isoGlobexAdmin: {isoNF, isoOK, isoNF, isoOK, isoNM},
	isoSiteAdmin:   {isoNF, isoFB, isoNF, isoNF, isoFB},
}

// Users-page actions on (site, account): Eve is Acme's only, Gina Globex's only.
func isoSiteUser(doc string, acmeAccount func(w *isoWorld) gid.ID, extra map[string]any) isoRow {
	return isoRow{
		doc: doc,
		targets: func(w *isoWorld) []isoTarget {
			return isoTwo("s", "a", w.AcmeEng, acmeAccount(w), w.GlobexSite, w.Gina, extra)
		},
		want: map[isoActor][]string{
			isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoAcmeKey:     {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoReadOnly:    isoRep(isoFB, 7),
			isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoSiteAdmin:   {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF},
		},
	}
}

// Organization-wide users actions on (organization, account): org admins only.
func isoOrgUser(doc string) isoRow {
	return isoRow{
		doc: doc,
		targets: func(w *isoWorld) []isoTarget {
			return isoTwo("o", "a", w.Acme, w.Eve, w.Globex, w.Gina, nil)
		},
		want: map[isoActor][]string{
			isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoAcmeKey:     {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoReadOnly:    isoRep(isoFB, 7),
			isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoSiteAdmin:   {isoNF, isoFB, isoNF, isoNF, isoNF, isoFB, isoFB},
		},
	}
}

// Group membership on (group, account).
func isoGroupMember(doc string, acmeAccount, globexAccount func(w *isoWorld) gid.ID) isoRow {
	return isoRow{
		doc: doc,
		targets: func(w *isoWorld) []isoTarget {
			t := isoTwo("g", "a", w.AcmeJiraUsers, acmeAccount(w), w.GlobexJiraUsers, globexAccount(w), nil)
			// The foreign second ids: Gina for Acme's group, Bob for Globex's.
			t[3].vars["a"], t[5].vars["a"] = w.Gina, w.Bob
			return t
		},
		want: map[isoActor][]string{
			isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoAcmeKey:     {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoReadOnly:    isoRep(isoFB, 7),
			isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoSiteAdmin:   {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF},
		},
	}
}

// A personal API token or device of an account: (account, item).
func isoSecurityItem(doc string, acmeItem, globexItem func(w *isoWorld) gid.ID) isoRow {
	return isoRow{
		doc: doc,
		targets: func(w *isoWorld) []isoTarget {
			return isoTwo("a", "i", w.Bob, acmeItem(w), w.Gina, globexItem(w), nil)
		},
		want: map[isoActor][]string{
			isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoAcmeKey:     {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoReadOnly:    isoRep(isoFB, 7),
			isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF},
			isoSiteAdmin:   {isoNF, isoFB, isoNF, isoNF, isoNF, isoFB, isoFB},
		},
	}
}

func isoMatrix() map[string]isoRow {
	details := map[string]any{"in": map[string]any{"jobTitle": "Isolation tester"}}
	return map[string]isoRow{
		// --- queries ---
		"viewer": {
			doc: `query { viewer { account { id email memberships { id site { id } } authenticationPolicy { id } }
				apiKey { id name } organizations { id name sites { id name } } adminSites { id name organization { id name } } } }`,
			targets: func(*isoWorld) []isoTarget { return []isoTarget{{name: "self"}} },
			want: map[isoActor][]string{
				isoAcmeAdmin: {isoOK}, isoAcmeKey: {isoOK}, isoReadOnly: {isoOK}, isoGlobexAdmin: {isoOK}, isoSiteAdmin: {isoOK},
			},
		},
		"organization": {
			doc: `query($id: ID!) { organization(id: $id) { id name userManagement
				domains { id name status } sites { id name groups { id name } } authenticationPolicies { id name }
				managedAccounts(first: 10) { totalCount edges { node { id email managed memberships { id site { id } }
					externalProductAccess { siteName siteUrl product } devices { id } apiTokens { id }
					suggestedChanges { id } authenticationPolicy { id } } } }
				managedAccountStats { total }
				users(first: 10) { totalCount edges { node { id status account { id } memberships { id site { id } groups { id } }
					productAccess { site { id } product } } } }
				userStats { total }
				auditEvents(first: 30) { edges { node { id actorID targetID action } } }
				apiKeys { id name } admins { id role account { id } site { id } } } }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("id", w.Acme, w.Globex, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF},
				isoReadOnly:    {isoOK, isoNF, isoNF},
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoNF, isoNF}, // administers a site, not the organization
			},
		},
		"site": {
			doc: `query($id: ID!) { site(id: $id) { id name url products organization { id name }
				groups { id name productAccess { product role } } userStats { total }
				users(first: 10) { totalCount edges { node { id status groups { id } productAccess { site { id } }
					account { id email memberships { id site { id } } productAccess { site { id } } } } } } } }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("id", w.AcmeEng, w.GlobexSite, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF},
				isoReadOnly:    {isoOK, isoNF, isoNF},
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoOK, isoNF},
			},
		},
		// node: every object of the world, and a random id of every type (see isoObjects).
		"node": {
			doc:  `query($id: ID!) { node(id: $id) { id __typename } }`,
			seen: true,
		},
		"nodes": {
			doc: `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`,
			targets: func(w *isoWorld) []isoTarget {
				return []isoTarget{
					{name: "acme", vars: map[string]any{"ids": []gid.ID{w.Bob, w.AcmeEng}}, foreignTo: "globex", twin: "random"},
					{name: "globex", vars: map[string]any{"ids": []gid.ID{w.Gina, w.GlobexSite}}, foreignTo: "acme", twin: "random"},
					{name: "random", vars: map[string]any{"ids": []gid.ID{isoRandom(w.Bob), isoRandom(w.AcmeEng)}}},
					{name: "acme+globex", vars: map[string]any{"ids": []gid.ID{w.Bob, w.Gina}}},
				}
			},
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF, isoNF},
				isoReadOnly:    {isoOK, isoNF, isoNF, isoNF},
				isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF},
				isoSiteAdmin:   {isoNF, isoOK, isoNF, isoNF},
			},
		},
		"claimPreview": {
			doc: `query($id: ID!) { claimPreview(domainId: $id) { domain { id name } claimable alreadyManaged
				accounts(first: 10) { edges { node { id email } } } } }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("id", w.AcmeTest, w.GlobexTest, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF},
				isoReadOnly:    {isoOK, isoNF, isoNF},
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoNF, isoNF}, // domains are the organization's
			},
		},

		// --- managed accounts (rule 5) ---
		"deactivateAccount": {
			doc:     `mutation($a: ID!) { deactivateAccount(accountId: $a, message: "iso") { id status memberships { id site { id } } } }`,
			targets: isoAccounts(isoNoExtra),
			want:    isoLifecycleWant,
		},
		"reactivateAccount": {
			doc:     `mutation($a: ID!) { reactivateAccount(accountId: $a) { id status devices { id } apiTokens { id } } }`,
			targets: isoAccounts(isoNoExtra),
			setup:   isoLifecycleSetup(`mutation($a: ID!) { deactivateAccount(accountId: $a) { id } }`),
			want:    isoLifecycleWant,
		},
		"deleteAccount": {
			doc:     `mutation($a: ID!) { deleteAccount(accountId: $a) { id status deletionScheduledFor } }`,
			targets: isoAccounts(isoNoExtra),
			want:    isoLifecycleWant,
		},
		"cancelAccountDeletion": {
			doc:     `mutation($a: ID!) { cancelAccountDeletion(accountId: $a) { id status } }`,
			targets: isoAccounts(isoNoExtra),
			setup:   isoLifecycleSetup(`mutation($a: ID!) { deleteAccount(accountId: $a) { id } }`),
			want:    isoLifecycleWant,
		},
		"deactivateAccounts": {
			doc: `mutation($a: ID!) { deactivateAccounts(accountIds: [$a]) { accountId account { id memberships { id } }
				error { code message } } }`,
			targets: isoAccounts(isoNoExtra),
			want:    isoLifecycleWant,
		},
		"reactivateAccounts": {
			doc:     `mutation($a: ID!) { reactivateAccounts(accountIds: [$a]) { accountId account { id } error { code message } } }`,
			targets: isoAccounts(isoNoExtra),
			setup:   isoLifecycleSetup(`mutation($a: ID!) { deactivateAccount(accountId: $a) { id } }`),
			want:    isoLifecycleWant,
		},
		"updateAccountDetails": {
			doc:     `mutation($a: ID!, $in: AccountDetailsInput!) { updateAccountDetails(accountId: $a, input: $in) { id jobTitle } }`,
			targets: isoAccounts(func(string) map[string]any { return details }),
			want:    isoLifecycleWant,
		},
		"changeAccountEmail": {
			doc: `mutation($a: ID!, $e: String!) { changeAccountEmail(accountId: $a, email: $e) { id email } }`,
			targets: isoAccounts(func(who string) map[string]any {
				// Each account's new address is on its managing organization's verified domain.
				d := map[string]string{"bob": "acme.test", "alice": "acme.test", "gina": "globex.test", "gus": "globex.test"}[who]
				if d == "" {
					d = "acme.test"
				}
				return map[string]any{"e": who + ".renamed@" + d}
			}),
			want: isoLifecycleWant,
		},
		"revokeApiToken": isoSecurityItem(`mutation($a: ID!, $i: ID!) { revokeApiToken(accountId: $a, tokenId: $i) { id apiTokens { id } } }`,
			func(w *isoWorld) gid.ID { return w.BobToken }, func(w *isoWorld) gid.ID { return w.GinaToken }),
		"logOutDevice": isoSecurityItem(`mutation($a: ID!, $i: ID!) { logOutDevice(accountId: $a, deviceId: $i) { id devices { id } } }`,
			func(w *isoWorld) gid.ID { return w.BobDevice }, func(w *isoWorld) gid.ID { return w.GinaDevice }),
		// Suggestions are for accounts the caller sees but does not manage (rule 6): Eve is
		// Acme's unmanaged user, Gail Globex's; a managed account is INVALID_STATE (edit it).
		"suggestAccountChanges": {
			doc: `mutation($a: ID!, $in: AccountDetailsInput!) { suggestAccountChanges(accountId: $a, input: $in) }`,
			targets: func(w *isoWorld) []isoTarget {
				return []isoTarget{
					{name: "acme", vars: isoVars(details, "a", w.Eve), foreignTo: "globex", twin: "random"},
					{name: "globex", vars: isoVars(details, "a", w.Gail), foreignTo: "acme", twin: "random"},
					{name: "random", vars: isoVars(details, "a", isoRandom(w.Eve))},
					{name: "gus", vars: isoVars(details, "a", w.Gus)},
					{name: "alice", vars: isoVars(details, "a", w.Alice)},
				}
			},
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoOK, isoIS},
				isoAcmeKey:     {isoOK, isoNF, isoNF, isoOK, isoIS},
				isoReadOnly:    isoRep(isoFB, 5),
				isoGlobexAdmin: {isoNF, isoOK, isoNF, isoIS, isoOK},
				isoSiteAdmin:   {isoNF, isoOK, isoNF, isoNF, isoOK},
			},
		},

		// --- users (rules 4, 7-9, 16, 18) ---
		"inviteUsers": {
			doc: `mutation($s: ID!, $emails: [String!]!, $g: [ID!]) { inviteUsers(siteId: $s, emails: $emails, groupIds: $g) {
				id status account { id } site { id } groups { id } } }`,
			targets: func(w *isoWorld) []isoTarget {
				t := isoTwo("s", "g", w.AcmeEng, w.AcmeJiraUsers, w.GlobexSite, w.GlobexJiraUsers, nil)
				for i := range t {
					t[i].vars["emails"] = []string{"iso-invite-" + strings.NewReplacer("×", "-x-").Replace(t[i].name) + "@gmail.test"}
					t[i].vars["g"] = []any{t[i].vars["g"]}
				}
				return t
			},
			want: map[isoActor][]string{
				// A group of another site is "not a group of this site", foreign or random alike.
				isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoII, isoII, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF, isoII, isoII, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 7),
				isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF, isoNF, isoII, isoII},
				isoSiteAdmin:   {isoNF, isoOK, isoNF, isoNF, isoNF, isoII, isoII},
			},
		},
		"suspendUser": isoSiteUser(`mutation($s: ID!, $a: ID!) { suspendUser(siteId: $s, accountId: $a, reason: "iso") { id status } }`,
			func(w *isoWorld) gid.ID { return w.Eve }, nil),
		"restoreUser": func() isoRow {
			r := isoSiteUser(`mutation($s: ID!, $a: ID!) { restoreUser(siteId: $s, accountId: $a) { id status } }`,
				func(w *isoWorld) gid.ID { return w.Eve }, nil)
			r.setup = func(t *testing.T, c *isoCopy) {
				c.must(t, isoAcmeAdmin, `mutation($s: ID!, $a: ID!) { suspendUser(siteId: $s, accountId: $a) { id } }`, map[string]any{"s": c.w.AcmeEng, "a": c.w.Eve})
				c.must(t, isoGlobexAdmin, `mutation($s: ID!, $a: ID!) { suspendUser(siteId: $s, accountId: $a) { id } }`, map[string]any{"s": c.w.GlobexSite, "a": c.w.Gina})
			}
			return r
		}(),
		"removeUserFromSite": isoSiteUser(`mutation($s: ID!, $a: ID!) { removeUserFromSite(siteId: $s, accountId: $a) }`,
			func(w *isoWorld) gid.ID { return w.Eve }, nil),
		"recordActivity": isoSiteUser(`mutation($s: ID!, $a: ID!) { recordActivity(siteId: $s, accountId: $a) { id status lastActiveAt } }`,
			func(w *isoWorld) gid.ID { return w.Eve }, nil),
		"grantProductAccess": isoSiteUser(`mutation($s: ID!, $a: ID!) { grantProductAccess(siteId: $s, accountId: $a, product: JIRA, role: USER) {
				id productAccess { site { id } product role } groups { id } } }`,
			func(w *isoWorld) gid.ID { return w.Eve }, nil),
		"revokeProductAccess": isoSiteUser(`mutation($s: ID!, $a: ID!) { revokeProductAccess(siteId: $s, accountId: $a, product: JIRA, role: USER) {
				id productAccess { site { id } product role } groups { id } } }`,
			func(w *isoWorld) gid.ID { return w.Gus }, nil),
		"suspendUserInOrganization": isoOrgUser(`mutation($o: ID!, $a: ID!) { suspendUserInOrganization(organizationId: $o, accountId: $a) {
				status account { id } memberships { id site { id } } } }`),
		"restoreUserInOrganization": func() isoRow {
			r := isoOrgUser(`mutation($o: ID!, $a: ID!) { restoreUserInOrganization(organizationId: $o, accountId: $a) { status account { id } } }`)
			r.setup = func(t *testing.T, c *isoCopy) {
				doc := `mutation($o: ID!, $a: ID!) { suspendUserInOrganization(organizationId: $o, accountId: $a) { status } }`
				c.must(t, isoAcmeAdmin, doc, map[string]any{"o": c.w.Acme, "a": c.w.Eve})
				c.must(t, isoGlobexAdmin, doc, map[string]any{"o": c.w.Globex, "a": c.w.Gina})
			}
			return r
		}(),
		"removeUserFromOrganization": isoOrgUser(`mutation($o: ID!, $a: ID!) { removeUserFromOrganization(organizationId: $o, accountId: $a) }`),
		// addGroupMember with an Acme group and a Globex account (and the reverse) is the
		// acme×globex (globex×acme) target: NOT_FOUND, like a random account.
		"addGroupMember": isoGroupMember(`mutation($g: ID!, $a: ID!) { addGroupMember(groupId: $g, accountId: $a) { id name site { id } } }`,
			func(w *isoWorld) gid.ID { return w.Eve }, func(w *isoWorld) gid.ID { return w.Gail }),
		"removeGroupMember": isoGroupMember(`mutation($g: ID!, $a: ID!) { removeGroupMember(groupId: $g, accountId: $a) { id name } }`,
			func(w *isoWorld) gid.ID { return w.Gus }, func(w *isoWorld) gid.ID { return w.Gina }),

		// --- domains (rule 1, §5): the organization's, never a site admin's ---
		"addDomain": {
			doc: `mutation($o: ID!, $n: String!) { addDomain(organizationId: $o, name: $n) { id name status } }`,
			targets: func(w *isoWorld) []isoTarget {
				t := isoOne("o", w.Acme, w.Globex, nil)(w)
				for i := range t {
					t[i].vars["n"] = "iso-" + t[i].name + ".example.org"
				}
				return t
			},
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 3),
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoFB, isoNF},
			},
		},
		// The targets are unverified domains named after a domain the other organization
		// verified, so that an allowed call stops at CONFLICT before any network check.
		"verifyDomain": {
			doc:     `mutation($d: ID!) { verifyDomain(domainId: $d, method: DNS_TXT) { id status lastCheckError } }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("d", w.AcmeDup, w.GlobexDup, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoCF, isoNF, isoNF},
				isoAcmeKey:     {isoCF, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 3),
				isoGlobexAdmin: {isoNF, isoCF, isoNF},
				isoSiteAdmin:   {isoNF, isoNF, isoNF},
			},
		},
		"claimAccounts": {
			doc:     `mutation($d: ID!) { claimAccounts(domainId: $d) { domain { id } claimed } }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("d", w.AcmeTest, w.GlobexTest, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoOK, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 3),
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoNF, isoNF},
			},
		},

		// --- API keys and admin roles: org admins signed in with a session ---
		"createApiKey": {
			doc: `mutation($o: ID!, $in: CreateApiKeyInput!) { createApiKey(organizationId: $o, input: $in) { secret apiKey { id } } }`,
			targets: func(w *isoWorld) []isoTarget {
				return isoOne("o", w.Acme, w.Globex, map[string]any{"in": map[string]any{"name": "iso", "readOnly": true}})(w)
			},
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoFB, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 3),
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoFB, isoNF},
			},
		},
		"revokeApiKey": {
			doc:     `mutation($k: ID!) { revokeApiKey(apiKeyId: $k) { id revokedAt } }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("k", w.AcmeVictimKey, w.GlobexVictimKey, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoFB, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 3),
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoNF, isoNF},
			},
		},
		"grantAdminRole": {
			doc: `mutation($o: ID!, $a: ID!, $r: AdminRoleKind!, $s: ID) { grantAdminRole(organizationId: $o, accountId: $a, role: $r, siteId: $s) {
				id role account { id } site { id } } }`,
			targets: func(w *isoWorld) []isoTarget {
				t := isoTwo("o", "a", w.Acme, w.Bob, w.Globex, w.Gina, map[string]any{"r": "ORG_ADMIN"})
				site := map[string]any{"o": w.Globex, "a": w.Gina, "r": "SITE_ADMIN"}
				return append(t,
					isoTarget{name: "globex×acme-site", vars: isoVars(site, "s", w.AcmeEng), foreignTo: "globex", twin: "globex×random-site"},
					isoTarget{name: "globex×random-site", vars: isoVars(site, "s", isoRandom(w.AcmeEng))})
			},
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF, isoNF},
				isoAcmeKey:     {isoFB, isoNF, isoNF, isoFB, isoFB, isoNF, isoNF, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 9),
				isoGlobexAdmin: {isoNF, isoOK, isoNF, isoNF, isoNF, isoNF, isoNF, isoII, isoII},
				isoSiteAdmin:   {isoNF, isoFB, isoNF, isoNF, isoNF, isoFB, isoFB, isoFB, isoFB},
			},
		},
		"revokeAdminRole": {
			doc:     `mutation($r: ID!) { revokeAdminRole(adminRoleId: $r) }`,
			targets: func(w *isoWorld) []isoTarget { return isoOne("r", w.PatAdminRole, w.SiteAdminRole, nil)(w) },
			want: map[isoActor][]string{
				isoAcmeAdmin:   {isoOK, isoNF, isoNF},
				isoAcmeKey:     {isoFB, isoNF, isoNF},
				isoReadOnly:    isoRep(isoFB, 3),
				isoGlobexAdmin: {isoNF, isoOK, isoNF},
				isoSiteAdmin:   {isoNF, isoNF, isoNF},
			},
		},
	}
}

// isoLifecycleSetup puts the four lifecycle targets in the state the row starts from.
func isoLifecycleSetup(doc string) func(t *testing.T, c *isoCopy) {
	return func(t *testing.T, c *isoCopy) {
		for _, a := range []gid.ID{c.w.Bob, c.w.Alice} {
			c.must(t, isoAcmeAdmin, doc, map[string]any{"a": a})
		}
		for _, a := range []gid.ID{c.w.Gina, c.w.Gus} {
			c.must(t, isoGlobexAdmin, doc, map[string]any{"a": a})
		}
	}
}

// --- the test ---------------------------------------------------------------------

func TestTenantIsolationMatrix(t *testing.T) {
	base := isoSetup(t)
	matrix := isoMatrix()

	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	var fields []string
	for _, def := range []*struct {
		kind string
		name string
	}{{"query", schema.Query.Name}, {"mutation", schema.Mutation.Name}} {
		for _, f := range schema.Types[def.name].Fields {
			if !strings.HasPrefix(f.Name, "__") {
				fields = append(fields, f.Name)
			}
		}
	}
	sort.Strings(fields)
	for _, f := range fields {
		if _, ok := matrix[f]; !ok {
			t.Errorf("root field %s has no row in the isolation matrix: add one to isoMatrix saying who may call it", f)
		}
	}
	for name := range matrix {
		if !slices.Contains(fields, name) {
			t.Logf("matrix row %s: no such root field in this schema, skipped", name)
		}
	}
	require.NotContains(t, fields, "", "schema walk")
	require.Greater(t, len(fields), 20, "the schema walk found the root fields")

	// Callers that are not signed in get 401 on every target of every field, without a
	// copy of their own: they can change nothing.
	refused := base.open(t)
	for _, f := range fields {
		row, ok := matrix[f]
		if !ok {
			continue
		}
		for _, tg := range base.targetsOf(row) {
			for _, a := range isoRefused {
				res := refused.send(t, a, row.doc, tg.vars)
				require.Equal(t, http.StatusUnauthorized, res.status, "%s %s %s: %s", f, a, tg.name, res.body)
				require.Equal(t, "UNAUTHENTICATED", res.code, "%s %s %s: %s", f, a, tg.name, res.body)
				base.requireNoLeak(t, a, tg, res, f)
			}
		}
	}

	for _, f := range fields {
		row, ok := matrix[f]
		if !ok {
			continue
		}
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			targets := base.targetsOf(row)
			for _, a := range isoSignedIn {
				if !row.seen {
					require.Len(t, row.want[a], len(targets), "row %s: one expected answer per target for %s", f, a)
				}
			}
			for _, a := range isoSignedIn {
				t.Run(string(a), func(t *testing.T) {
					t.Parallel()
					c := base.open(t)
					if row.setup != nil {
						row.setup(t, c)
					}
					got := map[string]isoResult{}
					for i, tg := range targets {
						want := isoNF
						if row.seen {
							if slices.Contains(tg.seenBy, a) {
								want = isoOK
							}
						} else {
							want = row.want[a][i]
						}
						res := c.send(t, a, row.doc, tg.vars)
						got[tg.name] = res
						base.requireNoLeak(t, a, tg, res, f)
						require.Equal(t, http.StatusOK, res.status, "%s by %s on %s: %s", f, a, tg.name, res.body)
						if want == isoOK {
							require.Equal(t, isoOK, res.code, "%s by %s on %s must succeed: %s", f, a, tg.name, res.body)
							require.NotEqual(t, "null", string(res.field), "%s by %s on %s: %s", f, a, tg.name, res.body)
						} else {
							require.Equal(t, want, res.code, "%s by %s on %s: %s", f, a, tg.name, res.body)
						}
					}
					// node: every object the caller does not see answers as a random id does.
					if row.seen {
						messages := map[string]bool{}
						for _, res := range got {
							if res.code == isoNF {
								messages[res.message] = true
							}
						}
						require.Len(t, messages, 1, "%s by %s: one NOT_FOUND message for anything unseen: %v", f, a, messages)
					}
					// A foreign id answers exactly as an id of nothing.
					for _, tg := range targets {
						if tg.foreignTo != isoSide(a) || tg.twin == "" {
							continue
						}
						foreign, random := got[tg.name], got[tg.twin]
						require.NotEqual(t, isoOK, foreign.code, "%s by %s on %s", f, a, tg.name)
						require.Equal(t, random.code, foreign.code, "%s by %s: %s and %s answer alike", f, a, tg.name, tg.twin)
						require.Equal(t, random.message, foreign.message, "%s by %s: %s and %s answer alike", f, a, tg.name, tg.twin)
					}
				})
			}
		})
	}
}

// --- world, copies, requests ------------------------------------------------------

type isoBase struct {
	w        *isoWorld
	snapshot *testkit.Snapshot // the seeded database
	now      time.Time
	headers  map[isoActor]map[string]string
	self     map[isoActor][]gid.ID // the caller's own account or key, which it may always read
	objects  []isoObject
}

// isoObject is one object of the world and the signed-in callers that see it.
type isoObject struct {
	label  string
	id     gid.ID
	seenBy []isoActor
}

var (
	isoAcmeSide   = []isoActor{isoAcmeAdmin, isoAcmeKey, isoReadOnly}
	isoGlobexOrg  = []isoActor{isoGlobexAdmin}
	isoGlobexSite = []isoActor{isoGlobexAdmin, isoSiteAdmin}
)

// isoSetup seeds the world once through the API (sessions, keys, roles, suggestions) and
// the data layer (tokens, devices, domains), and keeps a copy of the database.
func isoSetup(t *testing.T) *isoBase {
	env := testkit.New(t)
	w := &isoWorld{World: env.Seed()}
	b := &isoBase{w: w, headers: map[isoActor]map[string]string{}, self: map[isoActor][]gid.ID{}}
	ctx := viewer.System(context.Background())
	db := env.App.DB.Client

	login := func(a isoActor, email string, id gid.ID) {
		res := env.Anonymous().Post("/auth/login", map[string]string{"email": email, "password": testkit.Password})
		require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
		for _, c := range (&http.Response{Header: res.Header}).Cookies() {
			if c.Name == "orgdir_session" {
				b.headers[a] = map[string]string{"Cookie": c.Name + "=" + c.Value}
			}
		}
		require.NotNil(t, b.headers[a], "session cookie of %s", email)
		b.self[a] = []gid.ID{id}
	}
	login(isoAcmeAdmin, testkit.AcmeAdminEmail, w.AcmeAdmin)
	login(isoGlobexAdmin, testkit.GlobexAdminEmail, w.GlobexAdmin)
	login(isoSiteAdmin, testkit.SiteAdminEmail, w.SiteAdmin)

	c := &isoCopy{env: env, base: b, w: w}
	key := func(by isoActor, org gid.ID, readOnly bool, expires *time.Time) (gid.ID, string) {
		in := map[string]any{"name": "iso key", "readOnly": readOnly}
		if expires != nil {
			in["expiresAt"] = expires.Format(time.RFC3339)
		}
		var out struct {
			CreateApiKey struct {
				Secret string
				ApiKey struct{ ID gid.ID }
			}
		}
		c.mustInto(t, by, createKey, map[string]any{"org": org, "in": in}, &out)
		return out.CreateApiKey.ApiKey.ID, out.CreateApiKey.Secret
	}
	bearer := func(a isoActor, id gid.ID, secret string) {
		b.headers[a] = map[string]string{"Authorization": "Bearer " + secret}
		b.self[a] = []gid.ID{id}
	}
	id, secret := key(isoAcmeAdmin, w.Acme, false, nil)
	bearer(isoAcmeKey, id, secret)
	id, secret = key(isoAcmeAdmin, w.Acme, true, nil)
	bearer(isoReadOnly, id, secret)
	soon := env.Clock.Now().Add(time.Minute)
	id, secret = key(isoAcmeAdmin, w.Acme, false, &soon)
	bearer(isoExpiredKey, id, secret)
	id, secret = key(isoAcmeAdmin, w.Acme, false, nil)
	bearer(isoRevokedKey, id, secret)
	c.must(t, isoAcmeAdmin, `mutation($id: ID!) { revokeApiKey(apiKeyId: $id) { id } }`, map[string]any{"id": id})
	b.headers[isoUnknownKey] = map[string]string{"Authorization": "Bearer odk_" + strings.Repeat("A", 43)}
	b.headers[isoAnonymous] = map[string]string{}
	w.AcmeVictimKey, _ = key(isoAcmeAdmin, w.Acme, false, nil)
	w.GlobexVictimKey, _ = key(isoGlobexAdmin, w.Globex, false, nil)

	var invited struct {
		InviteUsers []struct{ Account struct{ ID gid.ID } }
	}
	c.mustInto(t, isoGlobexAdmin, `mutation($s: ID!) { inviteUsers(siteId: $s, emails: ["gail@gmail.test"]) { account { id } } }`,
		map[string]any{"s": w.GlobexSite}, &invited)
	w.Gail = invited.InviteUsers[0].Account.ID

	var role struct{ GrantAdminRole struct{ ID gid.ID } }
	c.mustInto(t, isoAcmeAdmin, `mutation($o: ID!, $a: ID!) { grantAdminRole(organizationId: $o, accountId: $a, role: ORG_ADMIN) { id } }`,
		map[string]any{"o": w.Acme, "a": w.Pat}, &role)
	w.PatAdminRole = role.GrantAdminRole.ID
	r, err := db.AdminRole.Query().Where(adminrole.AccountID(w.SiteAdmin)).Only(ctx)
	require.NoError(t, err)
	w.SiteAdminRole = r.ID

	suggest := `mutation($a: ID!) { suggestAccountChanges(accountId: $a, input: {jobTitle: "Suggested"}) }`
	c.must(t, isoAcmeAdmin, suggest, map[string]any{"a": w.Gus})
	c.must(t, isoGlobexAdmin, suggest, map[string]any{"a": w.Gail})

	tok, err := db.ApiToken.Create().SetAccountID(w.Bob).SetLabel("bob-ci").Save(ctx)
	require.NoError(t, err)
	w.BobToken = tok.ID
	tok, err = db.ApiToken.Create().SetAccountID(w.Gina).SetLabel("gina-ci").Save(ctx)
	require.NoError(t, err)
	w.GinaToken = tok.ID
	dev, err := db.Device.Create().SetAccountID(w.Bob).SetName("Bob's laptop").SetLastUsedAt(env.Clock.Now()).Save(ctx)
	require.NoError(t, err)
	w.BobDevice = dev.ID
	dev, err = db.Device.Create().SetAccountID(w.Gina).SetName("Gina's phone").SetLastUsedAt(env.Clock.Now()).Save(ctx)
	require.NoError(t, err)
	w.GinaDevice = dev.ID

	domainID := func(org gid.ID, name string) gid.ID {
		d, err := db.Domain.Query().Where(domain.OrgID(org), domain.Name(name)).Only(ctx)
		require.NoError(t, err)
		return d.ID
	}
	w.AcmeTest, w.GlobexTest = domainID(w.Acme, "acme.test"), domainID(w.Globex, "globex.test")
	d, err := db.Domain.Create().SetOrgID(w.Acme).SetName("globex.test").SetToken(strings.Repeat("a", 32)).Save(ctx)
	require.NoError(t, err)
	w.AcmeDup = d.ID
	d, err = db.Domain.Create().SetOrgID(w.Globex).SetName("acme.test").SetToken(strings.Repeat("b", 32)).Save(ctx)
	require.NoError(t, err)
	w.GlobexDup = d.ID

	// The short key expires; sessions (idle 60 minutes) stay.
	env.Clock.Advance(2 * time.Minute)
	b.now = env.Clock.Now()
	b.objects = isoObjects(t, db, w)

	b.snapshot = env.Snapshot()
	return b
}

// isoObjects lists every object of the world with the callers that see it (PRODUCT.md
// §2 "Who sees what"): accounts by name, everything else by the organization that owns it.
func isoObjects(t *testing.T, db *ent.Client, w *isoWorld) []isoObject {
	ctx := viewer.System(context.Background())
	side := func(org gid.ID, globex []isoActor) []isoActor {
		if org == w.Acme {
			return isoAcmeSide
		}
		return globex
	}
	var out []isoObject
	add := func(label string, id gid.ID, seenBy []isoActor) {
		out = append(out, isoObject{label: label, id: id, seenBy: seenBy})
	}
	accounts := map[gid.ID]struct {
		name   string
		seenBy []isoActor
	}{
		w.AcmeAdmin:   {"account AcmeAdmin", isoAcmeSide},
		w.Bob:         {"account Bob", isoAcmeSide},
		w.Pat:         {"account Pat", isoAcmeSide},
		w.Eve:         {"account Eve", isoAcmeSide},
		w.Alice:       {"account Alice", append(slices.Clone(isoAcmeSide), isoGlobexAdmin, isoSiteAdmin)},
		w.Gus:         {"account Gus", append(slices.Clone(isoAcmeSide), isoGlobexAdmin)},
		w.GlobexAdmin: {"account GlobexAdmin", isoGlobexOrg},
		w.SiteAdmin:   {"account SiteAdmin", isoGlobexOrg},
		w.Gina:        {"account Gina", isoGlobexSite},
		w.Gail:        {"account Gail", isoGlobexSite},
	}
	all, err := db.Account.Query().All(ctx)
	require.NoError(t, err)
	for _, a := range all {
		c, ok := accounts[a.ID]
		require.True(t, ok, "account %s is not in the isolation world's table", a.Email)
		add(c.name, a.ID, c.seenBy)
	}
	managedBy := func(accountID gid.ID) gid.ID {
		a, err := db.Account.Get(ctx, accountID)
		require.NoError(t, err)
		require.NotNil(t, a.ManagingOrgID)
		return *a.ManagingOrgID
	}
	orgs, err := db.Organization.Query().Order(organization.ByName()).All(ctx)
	require.NoError(t, err)
	for _, o := range orgs {
		add("organization "+o.Name, o.ID, side(o.ID, isoGlobexSite))
	}
	sites, err := db.Site.Query().All(ctx)
	require.NoError(t, err)
	siteOrg := map[gid.ID]gid.ID{}
	for _, s := range sites {
		siteOrg[s.ID] = s.OrgID
		add("site "+s.Name, s.ID, side(s.OrgID, isoGlobexSite))
	}
	groups, err := db.Group.Query().All(ctx)
	require.NoError(t, err)
	for _, g := range groups {
		add("group "+g.Name, g.ID, side(siteOrg[g.SiteID], isoGlobexSite))
	}
	ms, err := db.Membership.Query().All(ctx)
	require.NoError(t, err)
	for _, m := range ms {
		add("membership "+m.ID.String(), m.ID, side(siteOrg[m.SiteID], isoGlobexSite))
	}
	pols, err := db.AuthenticationPolicy.Query().All(ctx)
	require.NoError(t, err)
	for _, p := range pols {
		add("policy "+p.Name, p.ID, side(p.OrgID, isoGlobexOrg))
	}
	doms, err := db.Domain.Query().All(ctx)
	require.NoError(t, err)
	for _, d := range doms {
		add("domain "+d.Name, d.ID, side(d.OrgID, isoGlobexOrg))
	}
	roles, err := db.AdminRole.Query().All(ctx)
	require.NoError(t, err)
	for _, r := range roles {
		add("admin role "+string(r.Role), r.ID, side(r.OrgID, isoGlobexOrg))
	}
	keys, err := db.ApiKey.Query().All(ctx)
	require.NoError(t, err)
	for _, k := range keys {
		add("API key "+k.Name, k.ID, side(k.OrgID, isoGlobexOrg))
	}
	events, err := db.AuditEvent.Query().All(ctx)
	require.NoError(t, err)
	for _, e := range events {
		add("audit event "+e.Action, e.ID, side(e.OrgID, isoGlobexOrg))
	}
	ous, err := db.OrgUser.Query().All(ctx)
	require.NoError(t, err)
	for _, u := range ous {
		add("org user "+u.ID.String(), u.ID, side(u.OrgID, isoGlobexOrg))
	}
	devs, err := db.Device.Query().All(ctx)
	require.NoError(t, err)
	for _, d := range devs {
		add("device "+d.Name, d.ID, side(managedBy(d.AccountID), isoGlobexOrg))
	}
	toks, err := db.ApiToken.Query().All(ctx)
	require.NoError(t, err)
	for _, k := range toks {
		add("API token "+k.Label, k.ID, side(managedBy(k.AccountID), isoGlobexOrg))
	}
	sugs, err := db.AccountSuggestion.Query().All(ctx)
	require.NoError(t, err)
	for _, s := range sugs {
		switch s.AccountID {
		case w.Gus: // made by Acme, seen by Gus's managing organization too
			add("suggestion for Gus", s.ID, append(slices.Clone(isoAcmeSide), isoGlobexAdmin))
		case w.Gail:
			add("suggestion for Gail", s.ID, isoGlobexOrg)
		default:
			t.Fatalf("suggestion %s is not in the isolation world's table", s.ID)
		}
	}
	return out
}

// targetsOf returns a row's targets; node's are every object plus a random id of each type.
func (b *isoBase) targetsOf(row isoRow) []isoTarget {
	if !row.seen {
		return row.targets(b.w)
	}
	var out []isoTarget
	prefixes := map[string]bool{}
	for _, o := range b.objects {
		out = append(out, isoTarget{name: o.label, vars: map[string]any{"id": o.id}, seenBy: o.seenBy})
		prefixes[o.id.Prefix()] = true
	}
	for p := range prefixes {
		out = append(out, isoTarget{name: "random " + p, vars: map[string]any{"id": gid.New(p)}})
	}
	return out
}

// isoCopy is an orgdir running on its own copy of the seeded database.
type isoCopy struct {
	env  *testkit.Env
	base *isoBase
	w    *isoWorld
}

func (b *isoBase) open(t *testing.T) *isoCopy {
	dsn, path := b.snapshot.NewCopy(t)
	c := clock.NewFake(b.now)
	a, err := app.New(context.Background(), app.Options{DB: dsn, Clock: c})
	require.NoError(t, err)
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() {
		srv.Close()
		_ = a.Close()
	})
	return &isoCopy{env: &testkit.Env{T: t, App: a, Server: srv, Clock: c, DBPath: path, DSN: dsn}, base: b, w: b.w}
}

// isoResult is one answer, reduced to what the matrix compares.
type isoResult struct {
	status        int
	code, message string
	field         json.RawMessage // the root field's value
	body, request string
}

// send posts doc as a, with its session cookie or key and no browser headers.
func (c *isoCopy) send(t *testing.T, a isoActor, doc string, vars map[string]any) isoResult {
	t.Helper()
	body := mustJSON(t, map[string]any{"query": doc, "variables": vars})
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range c.base.headers[a] {
		h[k] = v
	}
	req, err := http.NewRequest(http.MethodPost, c.env.Server.URL+"/query", strings.NewReader(string(body)))
	require.NoError(t, err)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var raw strings.Builder
	_, err = io.Copy(&raw, res.Body)
	require.NoError(t, err)
	out := isoResult{status: res.StatusCode, code: isoOK, body: raw.String(), request: string(body)}
	var r struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	require.NoError(t, json.Unmarshal([]byte(out.body), &r), "the answer is JSON: %s", out.body)
	if len(r.Errors) > 0 {
		out.code, _ = r.Errors[0].Extensions["code"].(string)
		out.message = r.Errors[0].Message
		return out
	}
	for _, v := range r.Data {
		out.field = v
	}
	// A bulk result reports refusals per item.
	var items []struct {
		Error *struct{ Code, Message string }
	}
	if json.Unmarshal(out.field, &items) == nil {
		for _, it := range items {
			if it.Error != nil {
				out.code, out.message = it.Error.Code, it.Error.Message
				break
			}
		}
	}
	return out
}

// must runs a setup document that has to succeed.
func (c *isoCopy) must(t *testing.T, a isoActor, doc string, vars map[string]any) {
	t.Helper()
	c.mustInto(t, a, doc, vars, nil)
}

func (c *isoCopy) mustInto(t *testing.T, a isoActor, doc string, vars map[string]any, out any) {
	t.Helper()
	res := c.send(t, a, doc, vars)
	require.Equal(t, isoOK, res.code, "setup as %s: %s", a, res.body)
	if out != nil {
		var r struct{ Data json.RawMessage }
		require.NoError(t, json.Unmarshal([]byte(res.body), &r))
		require.NoError(t, json.Unmarshal(r.Data, out))
	}
}

// requireNoLeak fails when an answer names an object its caller does not see (other than
// the ids the caller sent and its own account or key).
func (b *isoBase) requireNoLeak(t *testing.T, a isoActor, tg isoTarget, res isoResult, field string) {
	t.Helper()
	for _, o := range b.objects {
		if slices.Contains(o.seenBy, a) || slices.Contains(b.self[a], o.id) || strings.Contains(res.request, string(o.id)) {
			continue
		}
		if strings.Contains(res.body, string(o.id)) {
			t.Fatalf("%s by %s on %s: the answer names %s (%s), which %s does not see:\n%s", field, a, tg.name, o.label, o.id, a, res.body)
		}
	}
}

// isoVars returns extra plus the given key/value pairs, in a fresh map.
func isoVars(extra map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range extra {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// isoRandom is a well-formed id of the same type as like, naming nothing.
func isoRandom(like gid.ID) gid.ID { return gid.New(like.Prefix()) }
