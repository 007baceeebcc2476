package main

import (
	"encoding/json"
	"fmt"
	"slices"
)

var allWorkloads = []string{"W1", "W2", "W2b", "W3", "W4", "W5", "W6", "W7", "W8"}

func knownWorkload(w string) bool { return slices.Contains(allWorkloads, w) }

// The queries follow the admin app's page queries (frontend/src/pages), with their
// fragments written out and the app's default order (Managed accounts by name).
const (
	accountPageQuery = `query AccountPage($orgId: ID!, $accountId: ID!) {
  organization(id: $orgId) { id domains { id name status } }
  node(id: $accountId) {
    __typename
    ... on Account {
      id name email status managed nickname jobTitle department organization location timeZone
      provisioned deletionScheduledFor createdAt twoStepVerification secureLogin billable lastActiveAt
      deactivatedAt deactivationMessage
      authenticationPolicy { id name billable enforceSSO enforceTwoStep }
      memberships { id status lastActiveAt site { id name url } }
      productAccess { site { id } product role }
      externalProductAccess { siteName siteUrl product role lastActiveAt }
      devices { id name userAgent location lastUsedAt }
      apiTokens { id label createdAt lastUsedAt expiresAt }
      suggestedChanges { id createdAt suggestedByLabel changes { field value } }
      auditEvents(first: 10) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id time actorType actorLabel action targetType targetLabel } }
      }
    }
  }
}`

	statsFields = `managedAccountStats {
      total active deactivated pendingDeletion secureLogin secureLoginPercent billable withoutSiteAccess
      lastActive { last30Days days30To90 over90Days never }
    }`

	membersPageQuery = `query MembersPage($orgId: ID!, $first: Int, $after: Cursor, $search: String) {
  organization(id: $orgId) {
    id
    ` + statsFields + `
    authenticationPolicies { id name }
    managedAccounts(first: $first, after: $after, search: $search, orderBy: {field: NAME, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id name email status lastActiveAt twoStepVerification deletionScheduledFor provisioned
          authenticationPolicy { id name }
          memberships { id }
        }
      }
    }
  }
}`

	statsQuery = `query Stats($orgId: ID!) {
  organization(id: $orgId) {
    ` + statsFields + `
  }
}`

	usersPageQuery = `query UsersPage($orgId: ID!, $where: UserFilter) {
  organization(id: $orgId) {
    id name
    userStats { total active invited suspended }
    users(first: 50, where: $where) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id status lastActiveAt
          account { id name email managed status }
          memberships { id status site { id name } groups { id name } }
          productAccess { product role site { id } }
        }
      }
    }
  }
}`

	// endCursor is null unless edges are selected.
	cursorQuery = `query Follow($orgId: ID!, $after: Cursor) {
  organization(id: $orgId) { managedAccounts(first: 100, after: $after, orderBy: {field: NAME, direction: ASC}) { edges { cursor } pageInfo { endCursor hasNextPage } } }
}`

	suspendMutation = `mutation Suspend($orgId: ID!, $accountId: ID!) {
  suspendUserInOrganization(organizationId: $orgId, accountId: $accountId, reason: "bench") { id status }
}`

	restoreMutation = `mutation Restore($orgId: ID!, $accountId: ID!) {
  restoreUserInOrganization(organizationId: $orgId, accountId: $accountId) { id status }
}`

	claimMutation = `mutation Claim($domainId: ID!) { claimAccounts(domainId: $domainId) { claimed } }`
)

// gqlRequest is a POST /query of the server under test (url is a path).
func gqlRequest(query string, vars map[string]any) request {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return request{method: "POST", url: "/query", body: body}
}

// readWorkload is a read-only workload: the same request shapes go to the server and,
// as captured statements, to the baseline.
type readWorkload struct {
	name, title, target string
	variants            []request // server requests; variant i of the baseline is the same request
	latency             bool      // a latency target: driven by --latency-clients, not --clients
}

// variant picks the request worker w sends at its seq-th turn, spreading workers over
// the variants.
func variant(n, worker, seq int) int { return (worker*7 + seq) % n }

func readWorkloads(w *world, depth int, depthCursor string) []readWorkload {
	var w1 []request
	for _, id := range w.accountIDs {
		w1 = append(w1, gqlRequest(accountPageQuery, map[string]any{"orgId": w.org, "accountId": id}))
	}
	page := func(vars map[string]any) []request {
		vars["orgId"], vars["first"] = w.org, 50
		return []request{gqlRequest(membersPageQuery, vars)}
	}
	return []readWorkload{
		{"W1", "one account by id (account page query)", "rps ≥ 0.5 × baseline", w1, false},
		{"W2", "Managed accounts page: 50 rows + totalCount + stats, first page", "rps ≥ 0.5 × baseline", page(map[string]any{}), false},
		{"W2b", fmt.Sprintf("the same at depth %d (following cursors)", depth), "p99 ≤ 1.5 × W2 p99", page(map[string]any{"after": depthCursor}), false},
		{"W3r", "search, rare term " + quote(w.rareTerm), "p99 < 20 ms", page(map[string]any{"search": w.rareTerm}), true},
		{"W3c", "search, common term " + quote(w.commonTerm), "p99 < 20 ms", page(map[string]any{"search": w.commonTerm}), true},
		{"W4", "stats alone", "p99 < 2 ms", []request{gqlRequest(statsQuery, map[string]any{"orgId": w.org})}, true},
		{"W7", "Users page, centralized, filtered by product " + w.product + " and status ACTIVE", "rps ≥ 0.5 × baseline",
			[]request{gqlRequest(usersPageQuery, map[string]any{"orgId": w.org, "where": map[string]any{"product": w.product, "status": "ACTIVE"}})}, false},
	}
}

func quote(s string) string { return "“" + s + "”" }

// writeRequests are W5's: writer k suspends then restores account k of ids, over and over.
func writeRequests(org string, ids []string) []request {
	var out []request
	for _, id := range ids {
		vars := map[string]any{"orgId": org, "accountId": id}
		out = append(out, gqlRequest(suspendMutation, vars), gqlRequest(restoreMutation, vars))
	}
	return out
}
