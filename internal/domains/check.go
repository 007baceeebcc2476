package domains

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"github.com/miekg/dns"
)

// Config configures the ownership checks. The zero value checks real domains: the
// system's DNS resolver, the system's trusted roots, public addresses only.
type Config struct {
	// DNSResolver is the host:port of the DNS server queried for TXT, A and AAAA
	// records; "" means the first nameserver of /etc/resolv.conf.
	DNSResolver string
	// CAFile is a PEM file of extra roots trusted by the HTTPS check, besides the system's.
	CAFile string
	// AllowPrivate lets the HTTPS check connect to private, loopback and link-local
	// addresses (tests with servers on loopback only).
	AllowPrivate bool
	// HTTPSPort replaces port 443 for the HTTPS check (tests only); 0 means 443.
	HTTPSPort int
	// Timeout bounds one check; 0 means 10 seconds.
	Timeout time.Duration
}

// Reason says why a check failed; it starts the domain's lastCheckError.
type Reason string

// The reasons a check fails, as the Domains page shows them.
const (
	NoRecord       Reason = "No record"
	WrongValue     Reason = "Wrong value"
	Timeout        Reason = "Timeout"
	RefusedAddress Reason = "Refused address"
	TLSFailure     Reason = "TLS failure"
	LookupFailed   Reason = "Lookup failed"
	FetchFailed    Reason = "Fetch failed"
)

// CheckError is a failed ownership check.
type CheckError struct {
	Reason Reason
	Detail string
}

func (e *CheckError) Error() string { return string(e.Reason) + ": " + e.Detail }

func failf(r Reason, format string, args ...any) *CheckError {
	return &CheckError{Reason: r, Detail: fmt.Sprintf(format, args...)}
}

// checker proves that whoever asks controls a domain, by DNS or HTTPS.
type checker struct {
	resolver  string
	timeout   time.Duration
	httpsPort int
	allowPriv bool
	roots     *x509.CertPool
}

func newChecker(c Config) (*checker, error) {
	ch := &checker{resolver: c.DNSResolver, timeout: c.Timeout, httpsPort: c.HTTPSPort, allowPriv: c.AllowPrivate}
	if ch.timeout == 0 {
		ch.timeout = 10 * time.Second
	}
	if ch.httpsPort == 0 {
		ch.httpsPort = 443
	}
	if ch.resolver == "" {
		conf, err := dns.ClientConfigFromFile("/etc/resolv.conf")
		if err != nil || len(conf.Servers) == 0 {
			ch.resolver = "127.0.0.1:53"
		} else {
			ch.resolver = conf.Servers[0] + ":" + conf.Port
			if conf.Servers[0] != "" && conf.Servers[0][0] != '[' && containsColon(conf.Servers[0]) {
				ch.resolver = "[" + conf.Servers[0] + "]:" + conf.Port
			}
		}
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("verification CA file: %w", err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("verification CA file %s: no PEM certificate in it", c.CAFile)
		}
	}
	ch.roots = roots
	return ch, nil
}

func containsColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// check runs one check of name for record by method; nil means ownership is proven.
func (c *checker) check(ctx context.Context, method, name, record string) *CheckError {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if method == "HTTPS_FILE" {
		return c.checkFile(ctx, name, record)
	}
	return c.checkTXT(ctx, name, record)
}
