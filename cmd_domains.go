package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"orgdir/internal/app"
	"orgdir/internal/domains"
)

// domainFlags adds the domain verification settings to a command (PRODUCT.md §5).
func domainFlags(cmd *cobra.Command) *domains.Config {
	c := &domains.Config{}
	allow, _ := strconv.ParseBool(env("ORGDIR_INSECURE_ALLOW_PRIVATE_VERIFICATION", "false"))
	port, _ := strconv.Atoi(env("ORGDIR_VERIFICATION_HTTPS_PORT", "0"))
	f := cmd.Flags()
	f.StringVar(&c.DNSResolver, "dns-resolver", env("ORGDIR_DNS_RESOLVER", ""),
		"host:port of the DNS server domain checks ask (TXT, A, AAAA); default: the first nameserver of /etc/resolv.conf [env ORGDIR_DNS_RESOLVER]")
	f.StringVar(&c.CAFile, "verification-ca-file", env("ORGDIR_VERIFICATION_CA_FILE", ""),
		"PEM file of CA certificates the HTTPS domain check trusts besides the system roots [env ORGDIR_VERIFICATION_CA_FILE]")
	f.BoolVar(&c.AllowPrivate, "insecure-allow-private-verification", allow,
		"TESTS ONLY: let the HTTPS domain check connect to private, loopback and link-local addresses [env ORGDIR_INSECURE_ALLOW_PRIVATE_VERIFICATION]")
	f.IntVar(&c.HTTPSPort, "verification-https-port", port,
		"TESTS ONLY: port the HTTPS domain check connects to instead of 443 [env ORGDIR_VERIFICATION_HTTPS_PORT]")
	f.DurationVar(&c.Timeout, "verification-timeout", 0, "how long one domain check may take (default 10s)")
	return c
}

func domainsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "domains",
		Short: "Operator commands for organizations' email domains",
	}
	cmd.AddCommand(markVerifiedCmd())
	return cmd
}

func markVerifiedCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mark-verified",
		Short: "Mark a domain verified for an organization without a DNS or HTTPS check",
		Long: `Mark a domain verified for an organization, adding it if needed, without a check: for
domains whose ownership the operator has established otherwise. Such a domain has no
verification method and is never re-checked. The change is in the organization's audit
log. It does not claim the domain's accounts: an organization admin does that.`,
		Args: cobra.NoArgs,
	}
	dsn := dbFlag(cmd)
	org := cmd.Flags().String("org", "", "the organization, by id or exact name (required)")
	name := cmd.Flags().String("domain", "", "the domain name, for example example.com (required)")
	_ = cmd.MarkFlagRequired("org")
	_ = cmd.MarkFlagRequired("domain")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		a, err := app.New(cmd.Context(), app.Options{DB: *dsn})
		if err != nil {
			return err
		}
		defer a.Close()
		d, err := a.Domains.MarkVerified(cmd.Context(), *org, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s is verified for organization %s (domain %s); it is not re-checked\n", d.Name, d.OrgID, d.ID)
		return nil
	}
	return cmd
}
