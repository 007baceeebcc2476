package httpserver_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

// TestBadInputIsA4xxAndTheServerStaysHealthy sends what a broken or hostile client might
// (issue 8): each gets a 4xx with a short, clear message and a code, never the body echoed
// back, and afterwards a valid query and /healthz still succeed.
func TestBadInputIsA4xxAndTheServerStaysHealthy(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	const valid = `{"query":"{ viewer { account { email } } }"}`

	deepJSON := `{"query":"query($v: [ID!]) { viewer { account { email } } }","variables":{"v":` +
		strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`
	deepLiteral := `{"query":"{ viewer { account { email } } x: node(id: ` + strings.Repeat("[", 4000) + `\"a\"` +
		strings.Repeat("]", 4000) + `) { id } }"}`
	hugeIDs := make([]string, 20000)
	for i := range hugeIDs {
		hugeIDs[i] = "acc_01J00000000000000000000000"
	}
	huge, err := json.Marshal(map[string]any{"query": `mutation($ids: [ID!]!) { deactivateAccounts(accountIds: $ids) { accountId } }`,
		"variables": map[string]any{"ids": hugeIDs}})
	require.NoError(t, err)
	nested := []byte{0x82, 0xa1, 'i', 0xa1, 'x', 0xa1, 'v'}
	for range 40 {
		nested = append(nested, 0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'k')
	}
	bomb := base64.RawStdEncoding.EncodeToString(nested)
	page := `query($org: ID!, $after: Cursor) { organization(id: $org) { managedAccounts(first: 5, after: $after) { totalCount } } }`

	for _, c := range []struct {
		name, body string
		status     int
		code       string
		says       string
	}{
		{"truncated JSON", `{"query":"{ viewer { account { email } } }"`, 400, "INVALID_INPUT", "JSON object"},
		{"the query is a number", `{"query":42}`, 400, "INVALID_INPUT", "JSON object"},
		{"variables are a string", `{"query":"{ viewer { account { email } } }","variables":"x"}`, 400, "INVALID_INPUT", "JSON object"},
		{"operationName is a list", `{"query":"{ viewer { account { email } } }","operationName":["a"]}`, 400, "INVALID_INPUT", "JSON object"},
		{"a variable of the wrong type", `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":{"a":1}}}`, 422, "GRAPHQL_VALIDATION_FAILED", "ID"},
		{"invalid UTF-8 in the query", "{\"query\":\"{ viewer { account { email \xff } } }\"}", 400, "INVALID_INPUT", "UTF-8"},
		{"invalid UTF-8 in a variable", "{\"query\":\"query($s: String) { viewer { account { email } } }\",\"variables\":{\"s\":\"\xc3\x28\"}}", 400, "INVALID_INPUT", "UTF-8"},
		{"variables over 1 MiB", `{"query":"{ viewer { account { email } } }","variables":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`, 413, "INVALID_INPUT", "bytes"},
		{"twenty thousand ids in one variable", string(huge), 422, "GRAPHQL_VALIDATION_FAILED", "complexity"},
		{"lists nested 20000 deep in the variables", deepJSON, 400, "INVALID_INPUT", "JSON object"},
		{"lists nested 4000 deep in the document", deepLiteral, 422, "", ""},
		{"an operation name the document does not have", `{"query":"query A { viewer { account { email } } }","operationName":"Nope"}`, 422, "GRAPHQL_VALIDATION_FAILED", "Nope"},
		{"two operations and no operation name", `{"query":"query A { viewer { account { id } } } query B { viewer { account { email } } }"}`, 422, "GRAPHQL_VALIDATION_FAILED", "operation"},
		{"a subscription", `{"query":"subscription { viewer { id } }"}`, 422, "GRAPHQL_VALIDATION_FAILED", ""},
		{"a cursor built to exhaust memory, as a variable", mustJSON(t, map[string]any{"query": page, "variables": map[string]any{"org": w.Acme, "after": bomb}}), 422, "INVALID_INPUT", "cursor"},
		{"a cursor built to exhaust memory, in the document", mustJSON(t, map[string]any{"query": strings.NewReplacer(", $after: Cursor", "", "$after", `"`+bomb+`"`).Replace(page), "variables": map[string]any{"org": w.Acme}}), 422, "INVALID_INPUT", "cursor"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			res := admin.Raw(http.MethodPost, "/query", "application/json", []byte(c.body))
			require.Less(t, time.Since(start), 5*time.Second)
			require.Equal(t, c.status, res.StatusCode, res.Body)
			require.Less(t, len(res.Body), 2000, "a short answer, not the body echoed: %.300s", res.Body)
			r := testkit.ParseResponse(t, res)
			require.NotEmpty(t, r.Errors, res.Body)
			if c.code != "" {
				require.Equal(t, c.code, r.Code(), res.Body)
			}
			require.Contains(t, r.Message(), c.says)
			admin.MustQuery(`{ viewer { account { email } } }`, nil, nil)
			require.Equal(t, http.StatusOK, admin.Raw(http.MethodPost, "/query", "application/json", []byte(valid)).StatusCode)
			require.Equal(t, http.StatusOK, env.Anonymous().Raw(http.MethodGet, "/healthz", "", nil).StatusCode)
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
