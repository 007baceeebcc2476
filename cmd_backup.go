package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"orgdir/internal/db"
)

func backupCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backup --to FILE",
		Short: "Copy the SQLite database to FILE while orgdir keeps serving",
		Long: `Write a consistent copy of the SQLite database to FILE (SQLite's VACUUM INTO: one
snapshot, taken while the server keeps reading and writing). The copy is written under a
temporary name, checked with integrity_check and then renamed, so FILE is never partial.
For PostgreSQL use pg_dump (see docs/OPERATIONS.md).`,
		Args: cobra.NoArgs,
	}
	dsn := dbFlag(cmd)
	to := cmd.Flags().String("to", "", "the backup file to write (required)")
	force := cmd.Flags().Bool("force", false, "replace FILE if it exists")
	_ = cmd.MarkFlagRequired("to")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		size, err := db.Backup(cmd.Context(), *dsn, *to, *force)
		if err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "backed up %s to %s (%d bytes, integrity_check ok)\n", *dsn, *to, size)
		return nil
	}
	return cmd
}

func restoreCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore --from FILE",
		Short: "Replace the SQLite database with a backup (stop the server first)",
		Long: `Replace the SQLite database with FILE, a file written by orgdir backup, then migrate it.
Stop orgdir serve first: restore refuses while another process has the database open.
FILE is checked (integrity_check, orgdir's migrations) before anything is replaced, and
the database is replaced by a rename, so a failure leaves the old database as it was.
For PostgreSQL use pg_restore (see docs/OPERATIONS.md).`,
		Args: cobra.NoArgs,
	}
	dsn := dbFlag(cmd)
	from := cmd.Flags().String("from", "", "the backup file to restore (required)")
	_ = cmd.MarkFlagRequired("from")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := db.Restore(cmd.Context(), *dsn, *from); err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "restored %s from %s and migrated it\n", *dsn, *from)
		return nil
	}
	return cmd
}
