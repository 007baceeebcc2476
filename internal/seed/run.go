// Package seed generates large, realistic directories for benchmarks and demos of
// scale: one main organization with as many managed accounts as asked, others beside
// it, sites, groups, external users, statuses, activity and security. It writes the
// same rows the data layer writes (ids, normalized keys, memberships, Users rows,
// group memberships) in large multi-row INSERTs (COPY on PostgreSQL) inside one
// transaction, then computes the counters set-based, so that they equal a recount.
package seed

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/internal/access"
	"orgdir/internal/audit"
	"orgdir/internal/auth"
	"orgdir/internal/db"
	"orgdir/internal/viewer"
)

// Status is where a run is, for progress output.
type Status struct {
	Phase       string
	Done, Total int64 // accounts written so far, of all to write
	Rows        int64 // rows written so far, every table
}

// Summary is what a run made.
type Summary struct {
	Orgs                                                           []OrgSummary
	Accounts, Memberships, GroupMembers, OrgUsers, Devices, Tokens int64
	Took                                                           time.Duration
}

// OrgSummary is one seeded organization.
type OrgSummary struct {
	Name, Domain, Admin string
	Accounts, Sites     int // managed accounts, external users of other organizations included
}

// Run seeds the database in one transaction: on any error nothing is left behind.
// report, when set, is called after every batch and at each phase.
func Run(ctx context.Context, d *db.DB, o Options, report func(Status)) (*Summary, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if report == nil {
		report = func(Status) {}
	}
	began := time.Now()
	ctx = viewer.System(ctx)
	o.Now = o.Now.UTC().Truncate(time.Second)
	ps := plans(o)
	g := &generator{o: o, rnd: rand.New(rand.NewPCG(o.Seed, 0x5eed)), now: o.Now, main: ps[0], partners: ps[1:], tally: newTally()}
	g.people = newPeople(g.rnd)
	externals := int(math.Round(float64(o.Accounts-1) * o.SiteShare * o.ExternalShare / (1 - o.ExternalShare)))
	total := int64(externals)
	for _, p := range ps {
		total += int64(p.accounts - 1)
	}
	sum := &Summary{}
	if err := load(ctx, d, g, ps, externals, total, report); err != nil {
		return nil, err
	}
	for _, p := range ps {
		sum.Orgs = append(sum.Orgs, OrgSummary{Name: p.name, Domain: p.domain, Admin: p.admin, Accounts: p.made, Sites: len(p.sites)})
	}
	report(Status{Phase: "finishing", Done: total, Total: total})
	if err := finish(ctx, d); err != nil {
		return nil, err
	}
	sum.Accounts = total + int64(len(ps))
	sum.Memberships, sum.GroupMembers, sum.OrgUsers, sum.Devices, sum.Tokens = g.written()
	sum.Took = time.Since(began)
	return sum, nil
}

// load writes everything in one transaction. An ent client bound to that
// transaction creates the organizations, sites and groups through the directory's
// functions; prepared multi-row INSERTs write the accounts and what hangs off them.
func load(ctx context.Context, d *db.DB, g *generator, ps []*orgPlan, externals int, total int64, report func(Status)) (err error) {
	conn, done, err := bulkConn(ctx, d)
	if err != nil {
		return err
	}
	defer func() {
		if derr := done(); err == nil {
			err = derr
		}
	}()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	client := ent.NewClient(ent.Driver(inTx{entsql.NewDriver(d.Dialect, entsql.Conn{ExecQuerier: sqlTx})}))
	access.Register(client)
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	w := &writer{tx: sqlTx, conn: conn, dialect: d.Dialect, stmts: map[string]*sql.Stmt{}}
	if err := refuseExisting(ctx, tx, ps); err != nil {
		return err
	}
	if d.Dialect == dialect.Postgres {
		// Memory for the index builds at the end.
		if _, err := w.exec(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return err
		}
	}
	report(Status{Phase: "organizations", Total: total})
	hash, err := auth.HashPassword(g.o.AdminPassword)
	if err != nil {
		return err
	}
	for i, p := range ps {
		sites, groups := g.o.Sites, g.o.Groups
		if i > 0 {
			sites, groups = 1, 2
		}
		if err := p.create(ctx, tx, g.o, sites, groups, hash); err != nil {
			return fmt.Errorf("organization %s: %w", p.name, err)
		}
		if i > 0 {
			g.partnerSites = append(g.partnerSites, p.sites...)
		}
	}
	var existing int64
	if err := sqlTx.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&existing); err != nil {
		return err
	}
	restore := func(context.Context, func(string)) error { return nil }
	if existing < total {
		if restore, err = setAside(ctx, w); err != nil {
			return err
		}
	}
	rows, err := write(ctx, w, g, externals, total, report)
	if err != nil {
		if ctx.Err() != nil {
			// Cancelled: the driver's error then only says its connection closed.
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
		return err
	}
	if err := restore(ctx, func(step string) {
		report(Status{Phase: "rebuilding " + step, Done: total, Total: total, Rows: rows})
	}); err != nil {
		return err
	}
	report(Status{Phase: "counters", Done: total, Total: total, Rows: rows})
	if err := counters(ctx, w, g.tally, ps); err != nil {
		return fmt.Errorf("counters: %w", err)
	}
	for _, p := range ps {
		if err := audit.Record(ctx, tx, g.now, audit.Event{Org: p.id, Action: "directory.seeded",
			TargetType: "Organization", TargetID: p.id, TargetLabel: p.name,
			Details: map[string]any{"accounts": p.accounts, "seed": g.o.Seed}}); err != nil {
			return err
		}
	}
	report(Status{Phase: "committing", Done: total, Total: total, Rows: rows})
	for _, st := range w.stmts {
		st.Close()
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// inTx is an ent driver on one open transaction: the directory's functions take an
// *ent.Tx, and this one's commit is the caller's.
type inTx struct{ *entsql.Driver }

func (d inTx) Tx(context.Context) (dialect.Tx, error) { return dialect.NopTx(d), nil }

// write generates the accounts in one goroutine while this one writes the previous
// batch, so the two cores share the work.
func write(ctx context.Context, w *writer, g *generator, externals int, total int64, report func(Status)) (int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free, full := make(chan *batch, 2), make(chan *batch, 1)
	g.batches = []*batch{newBatch(), newBatch()}
	for _, b := range g.batches {
		free <- b
	}
	genErr := make(chan error, 1)
	go func() {
		defer close(full)
		genErr <- g.run(ctx, free, full, externals)
	}()
	var done, rows int64
	for b := range full {
		n := b.n
		before := b.rowsWritten()
		if err := b.flush(ctx, w); err != nil {
			cancel()
			for range full {
			}
			return rows, err
		}
		done += int64(n)
		rows += b.rowsWritten() - before
		report(Status{Phase: "accounts", Done: done, Total: total, Rows: rows})
		free <- b
	}
	if err := <-genErr; err != nil {
		return rows, err
	}
	return rows, nil
}

// run generates every account in a fixed order: the main organization's, the other
// organizations', then the external users.
func (g *generator) run(ctx context.Context, free <-chan *batch, full chan<- *batch, externals int) error {
	var b *batch
	next := func() error {
		if b != nil {
			select {
			case full <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		select {
		case b = <-free:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := next(); err != nil {
		return err
	}
	add := func(gen func(*batch) error) error {
		if err := gen(b); err != nil {
			return err
		}
		if b.n >= batchAccounts {
			return next()
		}
		return nil
	}
	for _, p := range append([]*orgPlan{g.main}, g.partners...) {
		for range p.accounts - 1 {
			if err := add(func(b *batch) error { return g.managed(b, p) }); err != nil {
				return err
			}
		}
	}
	for range externals {
		if err := add(g.external); err != nil {
			return err
		}
	}
	if b.n > 0 {
		select {
		case full <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// counters writes every seeded organization's and site's counters, as
// directory.Recount would compute them from the rows: the organizations are new, so
// these are their only cells. The generator counted the rows it wrote; the admins,
// made before the load, are read back.
func counters(ctx context.Context, w *writer, t *tally, ps []*orgPlan) error {
	if err := t.addAdmins(ctx, w, ps); err != nil {
		return err
	}
	return t.write(ctx, w)
}

// finish folds SQLite's write-ahead log into the database file, so the first server
// start does not pay for it. On PostgreSQL it vacuums as well as refreshing the planner
// statistics: the loaded rows get their hint bits and the visibility map its pages now,
// rather than from the first reads, which then write the pages they touch (EXPLAIN
// (ANALYZE, BUFFERS) of a search's count on a freshly seeded 1M database: 3,730 of its
// 16,174 pages dirtied by the read; 3.5 s for the VACUUM at the end of the seed).
func finish(ctx context.Context, d *db.DB) error {
	var stmt string
	switch d.Dialect {
	case dialect.SQLite:
		stmt = `PRAGMA wal_checkpoint(TRUNCATE)`
	case dialect.Postgres:
		stmt = `VACUUM (ANALYZE)`
	default:
		return nil
	}
	if _, err := d.SQL.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("after seeding: %w", err)
	}
	return nil
}

// written sums the rows of the dependent tables over the batches.
func (g *generator) written() (memberships, groupMembers, orgUsers, devices, tokens int64) {
	for _, b := range g.batches {
		memberships += b.memberships.written
		groupMembers += b.groupMembers.written
		orgUsers += b.orgUsers.written
		devices += b.devices.written
		tokens += b.tokens.written
	}
	return
}

func (b *batch) rowsWritten() int64 {
	var n int64
	for _, t := range b.tables() {
		n += t.written
	}
	return n
}
