package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// inpAccount is everything of an account the bad-input tests expect to stay put.
type inpAccount struct {
	ID                                                           gid.ID
	Email, Name, Status                                          string
	Nickname, JobTitle, Department, Organization, Location, Zone *string
}

const inpAccountFields = `id email name status nickname jobTitle department organization location zone: timeZone`

func inpReadAccount(t *testing.T, c *testkit.Client, id gid.ID) inpAccount {
	t.Helper()
	var out struct{ Node inpAccount }
	c.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { `+inpAccountFields+` } } }`, map[string]any{"id": id}, &out)
	require.Equal(t, id, out.Node.ID)
	return out.Node
}

type inpAudit struct {
	TotalCount int
	Edges      []struct {
		Node struct {
			Action   string
			TargetID string `json:"targetID"`
		}
	}
}

func inpReadAudit(t *testing.T, c *testkit.Client, org gid.ID) inpAudit {
	t.Helper()
	var out struct {
		Organization struct{ AuditEvents inpAudit }
	}
	c.MustQuery(`query($org: ID!) { organization(id: $org) { auditEvents(first: 10) { totalCount edges { node { action targetID } } } } }`,
		map[string]any{"org": org}, &out)
	return out.Organization.AuditEvents
}

// inpRefused runs a request that must fail with code (and, when field is not empty,
// extensions.field) and checks that the account and the audit log are unchanged.
func inpRefused(t *testing.T, c *testkit.Client, org, target gid.ID, code, field, doc string, vars map[string]any) testkit.Response {
	t.Helper()
	before, auditBefore := inpReadAccount(t, c, target), inpReadAudit(t, c, org).TotalCount
	r := c.Query(doc, vars)
	require.Len(t, r.Errors, 1, "%+v", r.Errors)
	require.Equal(t, code, r.Code(), "%+v", r.Errors)
	if field != "" {
		require.Equal(t, field, r.Field(), "%+v", r.Errors)
	}
	require.NotEmpty(t, r.Message())
	require.Equal(t, before, inpReadAccount(t, c, target), "the account is unchanged")
	require.Equal(t, auditBefore, inpReadAudit(t, c, org).TotalCount, "no audit event was written")
	return r
}

const (
	inpUpdateDetails = `mutation($id: ID!, $input: AccountDetailsInput!) { updateAccountDetails(accountId: $id, input: $input) { ` + inpAccountFields + ` } }`
	inpChangeEmail   = `mutation($id: ID!, $email: String!) { changeAccountEmail(accountId: $id, email: $email) { ` + inpAccountFields + ` } }`
)

func TestRule12_AccountDetailsAreValidatedAndRefusalsWriteNothing(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	long := strings.Repeat("x", 10*1024)
	cases := []struct {
		name  string
		input map[string]any
		field string
	}{
		{"an empty name", map[string]any{"name": ""}, "input.name"},
		{"a name of only spaces", map[string]any{"name": "   "}, "input.name"},
		{"a 10 kB name", map[string]any{"name": long}, "input.name"},
		{"a 10 kB job title", map[string]any{"jobTitle": long}, "input.jobTitle"},
		{"a good name with a 10 kB nickname", map[string]any{"name": "Bobby Brown", "nickname": long}, "input.nickname"},
		{"a good name with an unknown time zone", map[string]any{"name": "Bobby Brown", "timeZone": "Mars/Olympus_Mons"}, "input.timeZone"},
		{"a name with a NUL", map[string]any{"name": "Bob\x00by"}, "input.name"},
		{"a name with a line break", map[string]any{"name": "Bob\nBrown"}, "input.name"},
		{"a department with a noncharacter", map[string]any{"department": "R\uFFFFD"}, "input.department"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is INVALID_INPUT on "+tc.field+" and changes nothing", func(t *testing.T) {
			inpRefused(t, acme, w.Acme, w.Bob, "INVALID_INPUT", tc.field, inpUpdateDetails, map[string]any{"id": w.Bob, "input": tc.input})
		})
	}
	t.Run("the error message does not echo 10 kB back", func(t *testing.T) {
		r := acme.Query(inpUpdateDetails, map[string]any{"id": w.Bob, "input": map[string]any{"timeZone": long}})
		require.Equal(t, "INVALID_INPUT", r.Code())
		require.Less(t, len(r.Message()), 300)
	})
}

func TestRule12_ChangeEmailNeedsAValidUnusedAddressOnAVerifiedDomain(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	cases := []struct {
		name, email, code string
	}{
		{"an address that is not an email", "not-an-email", "INVALID_INPUT"},
		{"an empty address", "", "INVALID_INPUT"},
		{"an address with a display name", "Bob <bob2@acme.test>", "INVALID_INPUT"},
		{"two addresses", "bob2@acme.test, bob3@acme.test", "INVALID_INPUT"},
		{"an address on a domain Acme has not verified (acme.dev)", "bob@acme.dev", "INVALID_INPUT"},
		{"an address on a domain Acme does not own", "bob@example.com", "INVALID_INPUT"},
		{"an address on Globex's verified domain", "bob@globex.test", "INVALID_INPUT"},
		{"an address on a subdomain of Acme's verified domain", "bob@eng.acme.test", "INVALID_INPUT"},
		{"Alice's address", "alice@acme.test", "CONFLICT"},
		{"Alice's address in other case", "ALICE@Acme.Test", "CONFLICT"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is "+tc.code+" on email and changes nothing", func(t *testing.T) {
			inpRefused(t, acme, w.Acme, w.Bob, tc.code, "email", inpChangeEmail, map[string]any{"id": w.Bob, "email": tc.email})
		})
	}
	t.Run("giving Alice Bob's address is CONFLICT on email and changes nothing", func(t *testing.T) {
		inpRefused(t, acme, w.Acme, w.Alice, "CONFLICT", "email", inpChangeEmail, map[string]any{"id": w.Alice, "email": "bob@acme.test"})
		require.Equal(t, "bob@acme.test", inpReadAccount(t, acme, w.Bob).Email)
	})
}

func TestBadInput_MalformedIdIsInvalidInputNamingTheArgument(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	wrongPrefix := "xyz" + string(gid.New("acc"))[3:]
	badULID := "acc_" + strings.Repeat("!", 26)
	cases := []struct {
		name, field, doc string
		vars             map[string]any
	}{
		{"deactivateAccount with accountId nope", "accountId",
			`mutation { deactivateAccount(accountId: "nope") { id } }`, nil},
		{"deactivateAccount with an id of an unknown type", "accountId",
			`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": wrongPrefix}},
		{"deleteAccount with an id whose ULID is broken", "accountId",
			`mutation($id: ID!) { deleteAccount(accountId: $id) { id } }`, map[string]any{"id": badULID}},
		{"updateAccountDetails with accountId nope", "accountId",
			`mutation { updateAccountDetails(accountId: "nope", input: {name: "Bobby"}) { id } }`, nil},
		{"changeAccountEmail with accountId nope", "accountId",
			`mutation { changeAccountEmail(accountId: "nope", email: "bobby@acme.test") { id } }`, nil},
		{"revokeApiToken with tokenId nope", "tokenId",
			`mutation($id: ID!) { revokeApiToken(accountId: $id, tokenId: "nope") { id } }`, map[string]any{"id": w.Alice}},
		{"logOutDevice with deviceId nope", "deviceId",
			`mutation($id: ID!) { logOutDevice(accountId: $id, deviceId: "nope") { id } }`, map[string]any{"id": w.Alice}},
		{"deactivateAccounts with Bob and nope", "accountIds[1]",
			`mutation($ids: [ID!]!) { deactivateAccounts(accountIds: $ids) { accountId } }`, map[string]any{"ids": []string{string(w.Bob), "nope"}}},
		{"node with id nope", "id", `query { node(id: "nope") { id } }`, nil},
		{"nodes with Alice and nope", "ids[1]",
			`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{string(w.Alice), "nope"}}},
		{"organization with id nope", "id", `query { organization(id: "nope") { id } }`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is INVALID_INPUT on "+tc.field+" and writes nothing", func(t *testing.T) {
			r := inpRefused(t, acme, w.Acme, w.Bob, "INVALID_INPUT", tc.field, tc.doc, tc.vars)
			require.NotContains(t, strings.ToLower(r.Message()), "sql")
			require.Equal(t, "ACTIVE", inpReadAccount(t, acme, w.Alice).Status)
		})
	}
	t.Run("a well-formed id of another type is NOT_FOUND, not INVALID_INPUT", func(t *testing.T) {
		inpRefused(t, acme, w.Acme, w.Bob, "NOT_FOUND", "",
			`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Acme})
	})
}

func TestBadInput_ArgumentThatDoesNotParseIsInvalidInputNamingIt(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	cases := []struct {
		name, field, doc string
	}{
		{"a time filter that is not a time", "where.lastActiveBefore",
			`query($org: ID!) { organization(id: $org) { managedAccounts(where: {lastActiveBefore: "last week"}) { totalCount } } }`},
		{"a cursor that is not a cursor", "after",
			`query($org: ID!) { organization(id: $org) { managedAccounts(first: 5, after: "garbage") { totalCount } } }`},
		{"a policy filter with a malformed id", "where.policyId",
			`query($org: ID!) { organization(id: $org) { managedAccounts(where: {policyId: "nope"}) { totalCount } } }`},
		{"an aliased field with a malformed policy id", "where.policyId",
			`query($org: ID!) { o: organization(id: $org) { m: managedAccounts(where: {policyId: "nope"}) { totalCount } } }`},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is INVALID_INPUT on "+tc.field, func(t *testing.T) {
			r := inpRefused(t, acme, w.Acme, w.Bob, "INVALID_INPUT", tc.field, tc.doc, map[string]any{"org": w.Acme})
			require.NotContains(t, r.Message(), "internal")
			require.NotContains(t, r.Message(), "msgpack")
		})
	}
}

func TestRule12_ProvisionedAccountCannotBeEditedInOrgdir(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	t.Run("updateAccountDetails on Pat is INVALID_STATE and changes nothing", func(t *testing.T) {
		inpRefused(t, acme, w.Acme, w.Pat, "INVALID_STATE", "", inpUpdateDetails,
			map[string]any{"id": w.Pat, "input": map[string]any{"name": "Patricia", "jobTitle": "Lead"}})
	})
	t.Run("changeAccountEmail on Pat is INVALID_STATE and changes nothing", func(t *testing.T) {
		inpRefused(t, acme, w.Acme, w.Pat, "INVALID_STATE", "", inpChangeEmail,
			map[string]any{"id": w.Pat, "email": "patricia@acme.test"})
	})
	t.Run("Pat is still provisioned", func(t *testing.T) {
		var out struct{ Node struct{ Provisioned bool } }
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { provisioned } } }`, map[string]any{"id": w.Pat}, &out)
		require.True(t, out.Node.Provisioned)
	})
}

func TestRule12_DetailsAndEmailChangesAreSavedAndAudited(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	str := func(s string) *string { return &s }

	t.Run("updateAccountDetails saves the given fields and leaves the others", func(t *testing.T) {
		auditBefore := inpReadAudit(t, acme, w.Acme).TotalCount
		var out struct{ UpdateAccountDetails inpAccount }
		acme.MustQuery(inpUpdateDetails, map[string]any{"id": w.Bob, "input": map[string]any{
			"name": "  Robert Brown ", "jobTitle": "Engineer", "timeZone": "Europe/Paris"}}, &out)
		want := inpAccount{ID: w.Bob, Email: "bob@acme.test", Name: "Robert Brown", Status: "ACTIVE",
			JobTitle: str("Engineer"), Zone: str("Europe/Paris")}
		got := out.UpdateAccountDetails
		require.Equal(t, want.Name, got.Name)
		require.Equal(t, want.JobTitle, got.JobTitle)
		require.Equal(t, want.Zone, got.Zone)
		after := inpReadAccount(t, acme, w.Bob)
		require.Equal(t, got, after, "the answer is what a later read shows")
		require.Equal(t, "bob@acme.test", after.Email)
		audit := inpReadAudit(t, acme, w.Acme)
		require.Equal(t, auditBefore+1, audit.TotalCount)
		require.Equal(t, "account.details_updated", audit.Edges[0].Node.Action)
		require.Equal(t, string(w.Bob), audit.Edges[0].Node.TargetID)
	})
	t.Run("the new name is found by search", func(t *testing.T) {
		var out struct {
			Organization struct {
				ManagedAccounts struct {
					Edges []struct{ Node struct{ ID gid.ID } }
				}
			}
		}
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(first: 10, search: "robert") { edges { node { id } } } } }`,
			map[string]any{"org": w.Acme}, &out)
		require.Len(t, out.Organization.ManagedAccounts.Edges, 1)
		require.Equal(t, w.Bob, out.Organization.ManagedAccounts.Edges[0].Node.ID)
	})
	t.Run("updateAccountDetails with the current values writes no audit event", func(t *testing.T) {
		auditBefore := inpReadAudit(t, acme, w.Acme).TotalCount
		acme.MustQuery(inpUpdateDetails, map[string]any{"id": w.Bob, "input": map[string]any{"name": "Robert Brown"}}, nil)
		require.Equal(t, auditBefore, inpReadAudit(t, acme, w.Acme).TotalCount)
	})
	t.Run("changeAccountEmail to a new acme.test address is saved and audited", func(t *testing.T) {
		auditBefore := inpReadAudit(t, acme, w.Acme).TotalCount
		var out struct{ ChangeAccountEmail inpAccount }
		acme.MustQuery(inpChangeEmail, map[string]any{"id": w.Bob, "email": "robert.brown@acme.test"}, &out)
		require.Equal(t, "robert.brown@acme.test", out.ChangeAccountEmail.Email)
		after := inpReadAccount(t, acme, w.Bob)
		require.Equal(t, "robert.brown@acme.test", after.Email)
		require.Equal(t, "Robert Brown", after.Name)
		audit := inpReadAudit(t, acme, w.Acme)
		require.Equal(t, auditBefore+1, audit.TotalCount)
		require.Equal(t, "account.email_changed", audit.Edges[0].Node.Action)
		require.Equal(t, string(w.Bob), audit.Edges[0].Node.TargetID)
	})
	t.Run("changeAccountEmail to the current address writes no audit event", func(t *testing.T) {
		auditBefore := inpReadAudit(t, acme, w.Acme).TotalCount
		acme.MustQuery(inpChangeEmail, map[string]any{"id": w.Bob, "email": "robert.brown@acme.test"}, nil)
		require.Equal(t, auditBefore, inpReadAudit(t, acme, w.Acme).TotalCount)
	})
	t.Run("Bob's old address is free for another account", func(t *testing.T) {
		var out struct{ ChangeAccountEmail inpAccount }
		acme.MustQuery(inpChangeEmail, map[string]any{"id": w.Alice, "email": "bob@acme.test"}, &out)
		require.Equal(t, "bob@acme.test", out.ChangeAccountEmail.Email)
	})
	t.Run("Bob's new address is now taken", func(t *testing.T) {
		inpRefused(t, acme, w.Acme, w.Alice, "CONFLICT", "email", inpChangeEmail, map[string]any{"id": w.Alice, "email": "Robert.Brown@acme.test"})
	})
}
