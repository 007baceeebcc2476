package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"

	"orgdir/internal/db"
)

// exportProducts are the export's product columns, in its order.
var exportProducts = []string{"BITBUCKET", "CONFLUENCE", "JIRA", "JIRA_PRODUCT_DISCOVERY", "JIRA_SERVICE_MANAGEMENT",
	"OPSGENIE", "STATUSPAGE", "TRELLO"}

// exportScan is W6's baseline: the export written by hand with database/sql, one
// statement for the same columns. The account and policy columns come with one row per
// (account, membership, group, grant) in id order; scanCSV folds an account's rows into
// its product cells. The first column is the account id, the last two the product and
// the site name.
func exportScan(dsn, org string) statementArgs {
	q := `SELECT a.id, a.name, a.email, a.last_active_at, a.status, a.two_step_verification,
			p.name, p.billable, p.enforce_sso, p.password_strength, p.password_expiry_days, p.idle_session_minutes,
			gg.product, s.name
		FROM accounts a
		LEFT JOIN authentication_policies p ON p.id = a.policy_id
		LEFT JOIN memberships m ON m.account_id = a.id AND m.removed_at IS NULL
		LEFT JOIN group_members gm ON gm.membership_id = m.id
		LEFT JOIN group_grants gg ON gg.group_id = gm.group_id
		LEFT JOIN sites s ON s.id = m.site_id
		WHERE a.managing_org_id = ? AND a.status <> 'DELETED'
		ORDER BY a.id`
	if strings.HasPrefix(dsn, "postgres") {
		q = db.Rebind("postgres", q)
	}
	return statementArgs{Query: q, Args: []any{org}}
}

// scanCSV streams exportScan's rows as CSV, one line per account: its own columns,
// then for each product the distinct names of the sites where it has it, sorted.
func scanCSV(ctx context.Context, w http.ResponseWriter, d *sql.DB, s statementArgs) error {
	rows, err := d.QueryContext(ctx, s.Query, s.Args...)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return nil
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	own := len(cols) - 2
	w.Header().Set("Content-Type", "text/csv")
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(append(cols[:own:own], exportProducts...)); err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	rec := make([]string, own+len(exportProducts))
	sites := make([][]string, len(exportProducts))
	current := ""
	flush := func() error {
		for i, names := range sites {
			slices.Sort(names)
			rec[own+i] = strings.Join(names, ", ")
			sites[i] = names[:0]
		}
		return cw.Write(rec)
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if vals[0].String != current {
			if current != "" {
				if err := flush(); err != nil {
					return err
				}
			}
			current = vals[0].String
			for i := range own {
				rec[i] = vals[i].String
			}
		}
		if i := slices.Index(exportProducts, vals[own].String); i >= 0 && !slices.Contains(sites[i], vals[own+1].String) {
			sites[i] = append(sites[i], vals[own+1].String)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if current != "" {
		if err := flush(); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
