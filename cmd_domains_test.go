package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

func TestDomainsMarkVerifiedCommandVerifiesWithoutACheck(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	out, err := exec.Command(binary, "domains", "mark-verified", "--db", env.DSN,
		"--org", "Acme", "--domain", "Partner.Test").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "partner.test is verified for organization "+string(w.Acme))

	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	var res struct {
		Organization struct {
			Domains []struct {
				Name, Status string
				Method       *string
			}
		}
	}
	acme.MustQuery(`query($id: ID!) { organization(id: $id) { domains { name status method } } }`,
		map[string]any{"id": w.Acme}, &res)
	found := false
	for _, d := range res.Organization.Domains {
		if d.Name == "partner.test" {
			found = true
			assert.Equal(t, "VERIFIED", d.Status)
			assert.Nil(t, d.Method, "marked by the operator: no method, never re-checked")
		}
	}
	assert.True(t, found)

	out, err = exec.Command(binary, "domains", "mark-verified", "--db", env.DSN,
		"--org", "Globex", "--domain", "partner.test").CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, strings.TrimSpace(string(out)), "partner.test is verified by another organization")
}
