package httpserver_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

func TestTransportLimits(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	t.Run("a body over 1 MiB is 413", func(t *testing.T) {
		body := `{"query":"{ viewer { account { email } } }","variables":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`
		res := admin.Raw(http.MethodPost, "/query", "application/json", []byte(body))
		require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
	})
	t.Run("a JSON array of operations is 400 and does not echo the body", func(t *testing.T) {
		res := admin.Raw(http.MethodPost, "/query", "application/json", []byte(`[{"query":"{ viewer { account { email } } }"}]`))
		require.Equal(t, http.StatusBadRequest, res.StatusCode, res.Body)
		require.NotContains(t, res.Body, "viewer")
	})
	t.Run("a query nested 30 levels deep through fragments is rejected", func(t *testing.T) {
		// Thirty fragments, each opening one more level: sites { organization { ...next } }.
		q := "query { viewer { organizations { ...F0 } } }\n"
		for i := 0; i < 30; i++ {
			q += "fragment F" + itoa(i) + " on Organization { sites { organization { ...F" + itoa(i+1) + " } } }\n"
		}
		q += "fragment F30 on Organization { id }\n"
		r := admin.Query(q, nil)
		require.Equal(t, "GRAPHQL_VALIDATION_FAILED", r.Code(), r.Message())
		require.Contains(t, r.Message(), "nested")
	})
	t.Run("twenty aliased copies of a full page exceed the complexity limit", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("query($org: ID!) { o: organization(id: $org) { ")
		for i := 0; i < 20; i++ {
			b.WriteString("a" + itoa(i) + ": managedAccounts(first: 100) { edges { node { id name email status } } } ")
		}
		b.WriteString("} }")
		r := admin.Query(b.String(), map[string]any{"org": "org_01J00000000000000000000000"})
		require.NotEmpty(t, r.Errors)
		require.Contains(t, r.Message(), "complexity")
	})
	t.Run("a misspelt field gets no suggestion", func(t *testing.T) {
		r := admin.Query("{ viewr { account { email } } }", nil)
		require.Equal(t, "GRAPHQL_VALIDATION_FAILED", r.Code())
		require.NotContains(t, r.Message(), "Did you mean")
	})
	t.Run("GET and form posts run nothing", func(t *testing.T) {
		res := admin.Raw(http.MethodGet, "/query?query=%7Bviewer%7Baccount%7Bemail%7D%7D%7D", "", nil)
		require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
		for _, ct := range []string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"} {
			res := admin.Raw(http.MethodPost, "/query", ct, []byte(`query=mutation{deactivateAccount(accountId:"x"){id}}`))
			require.GreaterOrEqual(t, res.StatusCode, 400, ct)
			require.NotContains(t, res.Body, `"data":{`, ct)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestIntrospectionOnlyForSignedInCallers(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	q := `{ __schema { queryType { name } } }`
	r := env.Login(testkit.AcmeAdminEmail, testkit.Password).Query(q, nil)
	require.Empty(t, r.Errors)
	require.Contains(t, string(r.Data), "Query")
	res := env.Anonymous().Post("/query", map[string]any{"query": q})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	require.NotContains(t, res.Body, "queryType")
}

// TestAnswersFollowTheAcceptHeader: a document that does not parse is refused with 422
// and application/json, or 400 and application/graphql-response+json when only that is
// accepted (GraphQL over HTTP); scripts rely on these statuses.
func TestAnswersFollowTheAcceptHeader(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	broken := []byte(`{"query":"{ viewer { "}`)
	for _, c := range []struct {
		accept, contentType string
		status              int
	}{
		{"", "application/json", http.StatusUnprocessableEntity},
		{"*/*", "application/json", http.StatusUnprocessableEntity},
		{"application/json", "application/json", http.StatusUnprocessableEntity},
		{"application/graphql-response+json", "application/graphql-response+json", http.StatusBadRequest},
		{"text/html, application/graphql-response+json;q=0.9", "application/graphql-response+json", http.StatusBadRequest},
	} {
		headers := map[string]string{"Content-Type": "application/json"}
		if c.accept != "" {
			headers["Accept"] = c.accept
		}
		res := admin.RawWithHeaders(http.MethodPost, "/query", headers, broken)
		require.Equal(t, c.status, res.StatusCode, c.accept)
		require.Equal(t, c.contentType, res.Header.Get("Content-Type"), c.accept)
		r := testkit.ParseResponse(t, res)
		require.Equal(t, "GRAPHQL_PARSE_FAILED", r.Code(), c.accept)
	}

	r := admin.Query(`{ viewer { account { email name } } }`, nil)
	require.Empty(t, r.Errors)
	var got struct {
		Viewer struct{ Account struct{ Email, Name string } }
	}
	r.Decode(&got)
	require.Equal(t, testkit.AcmeAdminEmail, got.Viewer.Account.Email)
}
