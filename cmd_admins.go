package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"orgdir/internal/app"
)

func adminsCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "admins", Short: "Operator tasks on admin accounts"}
	set := &cobra.Command{
		Use:   "set-password",
		Short: "Set an admin's sign-in password and end all its sessions",
		Long: `Set the sign-in password of an account (read from standard input, one line, or from
ORGDIR_ADMIN_PASSWORD) and end every session it has, on every server at once.`,
	}
	email := set.Flags().String("email", "", "the account's email address (required)")
	dsn := dbFlag(set)
	_ = set.MarkFlagRequired("email")
	set.RunE = func(cmd *cobra.Command, _ []string) error {
		password := os.Getenv("ORGDIR_ADMIN_PASSWORD")
		if password == "" {
			line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("give the password on standard input or in ORGDIR_ADMIN_PASSWORD")
			}
			password = strings.TrimRight(line, "\r\n")
		}
		a, err := app.New(cmd.Context(), app.Options{DB: *dsn})
		if err != nil {
			return err
		}
		defer a.Close()
		if err := a.Auth.SetPassword(cmd.Context(), *email, password); err != nil {
			return err
		}
		fmt.Printf("password set for %s; its sessions have ended\n", *email)
		return nil
	}
	cmd.AddCommand(set)
	return cmd
}
