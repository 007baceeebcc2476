package graph_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

const accountFields = `id email name status managed billable deactivatedAt deletionScheduledFor`

type accountResult struct {
	ID                   gid.ID
	Email, Name, Status  string
	Managed, Billable    bool
	DeactivatedAt        *time.Time
	DeletionScheduledFor *time.Time
}

func mutateAccount(t *testing.T, c *testkit.Client, mutation string, id gid.ID) (accountResult, testkit.Response) {
	t.Helper()
	r := c.Query(`mutation($id: ID!) { m: `+mutation+`(accountId: $id) { `+accountFields+` } }`, map[string]any{"id": id})
	var out struct{ M accountResult }
	if len(r.Errors) == 0 {
		r.Decode(&out)
	}
	return out.M, r
}

func TestStateTable(t *testing.T) {
	// Every row of PRODUCT.md §2's state table for accounts: each action from each status.
	type step struct {
		mutation string
		want     string // status after, or an error code
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"deactivate from ACTIVE, then reactivate from DEACTIVATED", []step{{"deactivateAccount", "DEACTIVATED"}, {"reactivateAccount", "ACTIVE"}}},
		{"deactivate twice is INVALID_STATE", []step{{"deactivateAccount", "DEACTIVATED"}, {"deactivateAccount", "INVALID_STATE"}}},
		{"reactivate an ACTIVE account is INVALID_STATE", []step{{"reactivateAccount", "INVALID_STATE"}}},
		{"delete from ACTIVE, cancel returns to ACTIVE", []step{{"deleteAccount", "PENDING_DELETION"}, {"cancelAccountDeletion", "ACTIVE"}}},
		{"delete from DEACTIVATED", []step{{"deactivateAccount", "DEACTIVATED"}, {"deleteAccount", "PENDING_DELETION"}}},
		{"delete while pending is INVALID_STATE", []step{{"deleteAccount", "PENDING_DELETION"}, {"deleteAccount", "INVALID_STATE"}}},
		{"reactivate while deletion is pending is INVALID_STATE", []step{{"deleteAccount", "PENDING_DELETION"}, {"reactivateAccount", "INVALID_STATE"}}},
		{"deactivate while deletion is pending is INVALID_STATE", []step{{"deleteAccount", "PENDING_DELETION"}, {"deactivateAccount", "INVALID_STATE"}}},
		{"cancel deletion of an ACTIVE account is INVALID_STATE", []step{{"cancelAccountDeletion", "INVALID_STATE"}}},
		{"cancel deletion of a DEACTIVATED account is INVALID_STATE", []step{{"deactivateAccount", "DEACTIVATED"}, {"cancelAccountDeletion", "INVALID_STATE"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testkit.New(t)
			w := env.Seed()
			admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
			for _, s := range tc.steps {
				got, r := mutateAccount(t, admin, s.mutation, w.Bob)
				if r.Code() != "" {
					require.Equal(t, s.want, r.Code(), "%s: %s", s.mutation, r.Message())
					continue
				}
				require.Equal(t, s.want, got.Status, s.mutation)
			}
		})
	}
}

func TestDeleteSchedulesDeletion14DaysOut(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	got, r := mutateAccount(t, admin, "deleteAccount", w.Bob)
	require.Empty(t, r.Errors)
	require.Equal(t, "PENDING_DELETION", got.Status)
	require.NotNil(t, got.DeletionScheduledFor)
	require.True(t, got.DeletionScheduledFor.Equal(testkit.Start.Add(14*24*time.Hour)), "scheduled for %s", got.DeletionScheduledFor)
	require.False(t, got.Billable, "an account pending deletion is not billable")
}
