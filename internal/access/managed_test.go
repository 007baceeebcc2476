package access_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/access"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// ManagedOnly may only narrow what a viewer sees: an Acme admin sees Gus (a member of
// an Acme site, managed by Globex) and Eve (managed by nobody) through the full filter,
// and with ManagedOnly only the accounts Acme manages; a Globex admin still sees no
// Acme account.
func TestManagedOnlyNarrowsTheAccountFilter(t *testing.T) {
	env, w := accWorld(t)
	client := env.App.DB.Client
	acme := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: w.AcmeAdmin, OrgAdmin: []gid.ID{w.Acme}})
	globex := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: w.GlobexAdmin, OrgAdmin: []gid.ID{w.Globex}})

	visible, err := client.Account.Query().IDs(acme)
	require.NoError(t, err)
	require.Contains(t, visible, w.Gus)
	require.Contains(t, visible, w.Eve)

	managed, err := client.Account.Query().IDs(access.ManagedOnly(acme))
	require.NoError(t, err)
	require.Subset(t, visible, managed)
	require.Contains(t, managed, w.Alice)
	require.NotContains(t, managed, w.Gus)
	require.NotContains(t, managed, w.Eve)

	fromGlobex, err := client.Account.Query().IDs(access.ManagedOnly(globex))
	require.NoError(t, err)
	require.NotContains(t, fromGlobex, w.Alice)
	require.Contains(t, fromGlobex, w.Gus)

	none, err := client.Account.Query().IDs(access.ManagedOnly(viewer.NewContext(context.Background(), &viewer.Viewer{})))
	require.NoError(t, err)
	require.Empty(t, none)
}
