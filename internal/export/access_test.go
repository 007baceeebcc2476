package export_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/export"
)

// errorCode reads the code of an export's JSON error answer.
func (d download) errorCode(t *testing.T) (string, string) {
	t.Helper()
	assert.Equal(t, "application/json", d.header.Get("Content-Type"))
	assert.Empty(t, d.header.Get("Content-Disposition"), "no download starts")
	var body struct {
		Errors []struct {
			Extensions struct{ Code, Field string }
		}
	}
	require.NoError(t, json.Unmarshal(d.body, &body), "%s", d.body)
	require.Len(t, body.Errors, 1)
	return body.Errors[0].Extensions.Code, body.Errors[0].Extensions.Field
}

func TestExportOfWhatTheCallerDoesNotSeeIs404AndStreamsNothing(t *testing.T) {
	f := newFixture(t)
	for name, path := range map[string]string{
		"Acme's managed accounts":             "/export/orgs/" + string(f.w.Acme) + "/managed-accounts.csv",
		"Acme's users":                        "/export/orgs/" + string(f.w.Acme) + "/users.csv",
		"Acme's site":                         "/export/sites/" + string(f.w.AcmeEng) + "/users.csv",
		"an organization that does not exist": "/export/orgs/org_01ARZ3NDEKTSV4RRFFQ69G5FAV/users.csv",
		"a malformed id":                      "/export/orgs/acme/managed-accounts.csv",
		"a site id given as an organization":  "/export/orgs/" + string(f.w.GlobexSite) + "/users.csv",
	} {
		t.Run("Globex exporting "+name, func(t *testing.T) {
			d := f.get(f.globex, path, nil)
			assert.Equal(t, http.StatusNotFound, d.status)
			code, _ := d.errorCode(t)
			assert.Equal(t, "NOT_FOUND", code)
			assert.NotContains(t, string(d.body), "acme.test")
		})
	}
	t.Run("a site admin exporting its organization's pages is FORBIDDEN", func(t *testing.T) {
		for _, p := range []string{"/managed-accounts.csv", "/users.csv"} {
			d := f.get(f.site, "/export/orgs/"+string(f.w.Globex)+p, nil)
			assert.Equal(t, http.StatusForbidden, d.status)
			code, _ := d.errorCode(t)
			assert.Equal(t, "FORBIDDEN", code)
		}
	})
	t.Run("a site admin exporting another site is NOT_FOUND", func(t *testing.T) {
		assert.Equal(t, http.StatusNotFound, f.get(f.site, "/export/sites/"+string(f.w.AcmeEng)+"/users.csv", nil).status)
	})
	t.Run("signed out is UNAUTHENTICATED", func(t *testing.T) {
		d := f.get(f.env.Anonymous(), "/export/orgs/"+string(f.w.Acme)+"/managed-accounts.csv", nil)
		assert.Equal(t, http.StatusUnauthorized, d.status)
	})
}

func TestExportRefusesUnknownOrBadParameters(t *testing.T) {
	f := newFixture(t)
	managed := "/export/orgs/" + string(f.w.Acme) + "/managed-accounts.csv"
	users := "/export/orgs/" + string(f.w.Acme) + "/users.csv"
	for _, c := range []struct {
		path  string
		query url.Values
		field string
	}{
		{managed, url.Values{"stauts": {"ACTIVE"}}, "stauts"},
		{managed, url.Values{"status": {"SLEEPING"}}, "status"},
		{managed, url.Values{"status": {"ACTIVE", "DEACTIVATED"}}, "status"},
		{managed, url.Values{"twoStepVerification": {"maybe"}}, "twoStepVerification"},
		{managed, url.Values{"lastActiveBefore": {"yesterday"}}, "lastActiveBefore"},
		{managed, url.Values{"policyId": {"pol_nope"}}, "policyId"},
		{managed, url.Values{"orderBy": {"STATUS"}}, "orderBy"},
		{managed, url.Values{"activeOnly": {"true"}}, "activeOnly"},
		{users, url.Values{"direction": {"UP"}}, "direction"},
		{users, url.Values{"groups": {"columns"}}, "groups"},
		{users, url.Values{"product": {"WORD"}}, "product"},
		{users, url.Values{"status": {"DEACTIVATED"}}, "status"},
	} {
		t.Run(c.query.Encode(), func(t *testing.T) {
			d := f.get(f.acme, c.path, c.query)
			assert.Equal(t, http.StatusBadRequest, d.status)
			code, field := d.errorCode(t)
			assert.Equal(t, "INVALID_INPUT", code)
			assert.Equal(t, c.field, field)
		})
	}
}

func TestExportWithAnAPIKey(t *testing.T) {
	f := newFixture(t)
	var out struct{ CreateApiKey struct{ Secret string } }
	f.acme.MustQuery(`mutation($org: ID!) { createApiKey(organizationId: $org, input: {name: "exports", readOnly: true}) { secret } }`,
		map[string]any{"org": f.w.Acme}, &out)
	get := func(path string) *http.Response {
		req, err := http.NewRequest(http.MethodGet, f.env.Server.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+out.CreateApiKey.Secret)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		return res
	}
	res := get("/export/orgs/" + string(f.w.Acme) + "/managed-accounts.csv")
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	assert.Equal(t, http.StatusOK, res.StatusCode, "%s", body)
	assert.Contains(t, string(body), "alice@acme.test")
	other := get("/export/orgs/" + string(f.w.Globex) + "/users.csv")
	other.Body.Close()
	assert.Equal(t, http.StatusNotFound, other.StatusCode, "a key sees only its organization")
}

func TestNeutralizeFormulaCells(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx", "\nx": "'\nx",
		"a=1": "a=1", "": "", "'quoted": "'quoted", " =1": " =1", "Никита": "Никита",
	} {
		assert.Equal(t, want, export.Neutralize(in), "%q", in)
	}
}
