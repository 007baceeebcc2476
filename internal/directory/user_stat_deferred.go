package directory

import (
	"context"
	"sort"
	"sync"

	"orgdir/ent"
	"orgdir/ent/userstatcell"
)

// Users counters are a few rows per organization that every suspension, restore,
// invitation and removal writes. Their row locks are held until commit, so a
// transaction that wrote them first and then went on with audit rows and reads made
// every other writer of the organization wait that long: with 32 writers on
// PostgreSQL, suspend/restore ran at 1-2 a second (make bench, W5). The moves are
// therefore summed per transaction and written just before it commits, in one fixed
// (scope, status) order, which also keeps two transactions from deadlocking on them.

// pendingUserStats holds the counter moves of open transactions.
var pendingUserStats sync.Map // *ent.Tx -> *userStatMoves

type userStatKey struct{ scope, status string }

type userStatMoves struct {
	mu sync.Mutex
	n  map[userStatKey]int64
}

// deferUserStat records that n users of scope move into (or, negative, out of) status
// in tx; the counters are written when tx commits and dropped if it rolls back.
func deferUserStat(tx *ent.Tx, scope, status string, n int64) {
	v, loaded := pendingUserStats.LoadOrStore(tx, &userStatMoves{n: map[userStatKey]int64{}})
	moves := v.(*userStatMoves)
	if !loaded {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				pendingUserStats.Delete(tx)
				if err := moves.write(ctx, tx); err != nil {
					// The caller sees a failed commit and does not roll back: end it here.
					_ = tx.Rollback()
					return err
				}
				return next.Commit(ctx, tx)
			})
		})
		tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
			return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
				pendingUserStats.Delete(tx)
				return next.Rollback(ctx, tx)
			})
		})
	}
	moves.mu.Lock()
	moves.n[userStatKey{scope, status}] += n
	moves.mu.Unlock()
}

func (m *userStatMoves) write(ctx context.Context, tx *ent.Tx) error {
	m.mu.Lock()
	keys := make([]userStatKey, 0, len(m.n))
	for k, n := range m.n {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	m.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].scope != keys[j].scope {
			return keys[i].scope < keys[j].scope
		}
		return keys[i].status < keys[j].status
	})
	for _, k := range keys {
		n := m.n[k]
		err := tx.UserStatCell.Create().SetScopeID(k.scope).SetStatus(k.status).SetCount(n).
			OnConflictColumns(userstatcell.FieldScopeID, userstatcell.FieldStatus).
			AddCount(n).
			Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}
