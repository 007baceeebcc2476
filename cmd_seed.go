package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"orgdir/internal/db"
	"orgdir/internal/seed"
)

func seedCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Generate a large, realistic directory (benchmarks, demos of scale)",
		Long: `Migrate the database, then generate one main organization with --accounts managed
accounts (its admin included), --orgs other organizations beside it, sites, groups,
external users, account statuses, activity over the past year, devices and API tokens.
Everything is written in one transaction with the same rows and counters the API keeps;
a database that already holds an organization of the same name is refused. Progress
goes to stderr, the summary to stdout.`,
		Args: cobra.NoArgs,
	}
	dsn := dbFlag(cmd)
	o := seed.Defaults()
	f := cmd.Flags()
	f.StringVar(&o.OrgName, "org-name", o.OrgName, "name of the main organization; its domain is the name in lower case + .test")
	f.IntVar(&o.Accounts, "accounts", o.Accounts, "managed accounts of the main organization, its admin included")
	f.IntVar(&o.Orgs, "orgs", o.Orgs, "other organizations beside the main one, each with one site")
	f.IntVar(&o.OrgAccounts, "org-accounts", o.OrgAccounts, "managed accounts of each other organization, its admin included (its people among the main organization's external users come on top)")
	f.IntVar(&o.Sites, "sites", o.Sites, "sites of the main organization")
	f.IntVar(&o.Groups, "groups", o.Groups, "groups of the main organization beyond each site's default groups")
	f.Float64Var(&o.SiteShare, "site-share", o.SiteShare, "share of managed accounts that are users of at least one site of their organization")
	f.Float64Var(&o.ExternalShare, "external-share", o.ExternalShare, "share of the main organization's site users who are external (personal addresses, other organizations' accounts)")
	mix := f.String("status-mix", o.StatusMix.String(), "weights of the managed accounts' statuses")
	f.Uint64Var(&o.Seed, "seed", o.Seed, "random seed: the same seed gives the same names, emails, statuses and memberships")
	f.StringVar(&o.AdminPassword, "admin-password", env("ORGDIR_SEED_PASSWORD", ""),
		"password of every seeded organization's admin (admin@DOMAIN); generated and printed when empty [env ORGDIR_SEED_PASSWORD]")
	quiet := f.Bool("quiet", false, "no progress output")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		var err error
		if o.StatusMix, err = seed.ParseStatusMix(*mix); err != nil {
			return err
		}
		generated := o.AdminPassword == ""
		if generated {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			o.AdminPassword = base64.RawURLEncoding.EncodeToString(b)
		}
		o.Now = time.Now()
		if err := o.Validate(); err != nil {
			return err
		}
		d, err := db.Open(*dsn)
		if err != nil {
			return err
		}
		defer d.Close()
		if err := d.Migrate(cmd.Context()); err != nil {
			return err
		}
		var report func(seed.Status)
		if !*quiet {
			report = progress(os.Stderr)
		}
		sum, err := seed.Run(cmd.Context(), d, o, report)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		printSummary(os.Stdout, sum, o, generated)
		return nil
	}
	return cmd
}

// progress prints a line when the phase changes and at most once a second within one:
// accounts written of all, rows in every table, the rate and the time left.
func progress(w io.Writer) func(seed.Status) {
	began := time.Now()
	var last time.Time
	phase := ""
	return func(s seed.Status) {
		now := time.Now()
		if s.Phase == phase && now.Sub(last) < time.Second {
			return
		}
		phase, last = s.Phase, now
		if s.Phase != "accounts" {
			fmt.Fprintf(w, "seed: %s (%s)\n", s.Phase, now.Sub(began).Round(100*time.Millisecond))
			return
		}
		elapsed := now.Sub(began).Seconds()
		rate := float64(s.Done) / max(elapsed, 0.001)
		eta := "?"
		if rate > 0 {
			eta = (time.Duration(float64(s.Total-s.Done)/rate) * time.Second).Round(time.Second).String()
		}
		fmt.Fprintf(w, "seed: %d/%d accounts (%.0f%%), %d rows, %.0f accounts/s, ETA %s\n",
			s.Done, s.Total, 100*float64(s.Done)/float64(max(s.Total, 1)), s.Rows, rate, eta)
	}
}

func printSummary(w io.Writer, s *seed.Summary, o seed.Options, generated bool) {
	fmt.Fprintf(w, "seeded in %s: %d accounts, %d site memberships, %d group memberships, %d Users rows, %d devices, %d API tokens\n",
		s.Took.Round(100*time.Millisecond), s.Accounts, s.Memberships, s.GroupMembers, s.OrgUsers, s.Devices, s.Tokens)
	for _, org := range s.Orgs {
		fmt.Fprintf(w, "  %s (%s): %d managed accounts, %d site(s), admin %s\n", org.Name, org.Domain, org.Accounts, org.Sites, org.Admin)
	}
	if generated {
		fmt.Fprintf(w, "admin password: %s (shown once; set --admin-password or ORGDIR_SEED_PASSWORD to choose it)\n", o.AdminPassword)
	}
}
