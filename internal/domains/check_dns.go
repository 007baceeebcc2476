package domains

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"strings"

	"github.com/miekg/dns"
)

// checkTXT looks for the TXT record orgdir-domain-verification=<token> on exactly name.
// A domain may publish several TXT records (SPF, other verifications) and a record may
// be split into several strings, which are joined as RFC 7208 does.
func (c *checker) checkTXT(ctx context.Context, name, record string) *CheckError {
	rrs, fail := c.lookup(ctx, name, dns.TypeTXT)
	if fail != nil {
		return fail
	}
	ours := 0
	for _, rr := range rrs {
		txt, ok := rr.(*dns.TXT)
		if !ok {
			continue
		}
		value := strings.TrimSpace(strings.Join(txt.Txt, ""))
		if value == record {
			return nil
		}
		if strings.HasPrefix(value, TXTPrefix) {
			ours++
		}
	}
	if ours > 0 {
		return failf(WrongValue, "the %s TXT record on %s does not match this domain's current token; publish %s",
			strings.TrimSuffix(TXTPrefix, "="), name, record)
	}
	return failf(NoRecord, "no TXT record %s… found on %s", TXTPrefix, name)
}

// lookup asks the resolver for records of type qtype on name, over UDP and again over
// TCP when the answer was truncated. A name that does not exist has no records.
func (c *checker) lookup(ctx context.Context, name string, qtype uint16) ([]dns.RR, *CheckError) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = true
	m.SetEdns0(4096, false)
	in, err := c.exchange(ctx, m, "udp")
	if err == nil && in.Truncated {
		in, err = c.exchange(ctx, m, "tcp")
	}
	if err != nil {
		if isTimeout(ctx, err) {
			return nil, failf(Timeout, "the DNS server did not answer for %s in time", name)
		}
		return nil, failf(LookupFailed, "could not ask the DNS server about %s", name)
	}
	switch in.Rcode {
	case dns.RcodeSuccess:
		return in.Answer, nil
	case dns.RcodeNameError:
		return nil, nil
	default:
		return nil, failf(LookupFailed, "the DNS server answered %s for %s", dns.RcodeToString[in.Rcode], name)
	}
}

func (c *checker) exchange(ctx context.Context, m *dns.Msg, network string) (*dns.Msg, error) {
	cl := &dns.Client{Net: network, Timeout: c.timeout}
	in, _, err := cl.ExchangeContext(ctx, m, c.resolver)
	return in, err
}

// resolve returns the addresses of name (A and AAAA records) from the resolver.
func (c *checker) resolve(ctx context.Context, name string) ([]netip.Addr, *CheckError) {
	var out []netip.Addr
	for _, qtype := range []uint16{dns.TypeA, dns.TypeAAAA} {
		rrs, fail := c.lookup(ctx, name, qtype)
		if fail != nil {
			return nil, fail
		}
		for _, rr := range rrs {
			var ip net.IP
			switch r := rr.(type) {
			case *dns.A:
				ip = r.A
			case *dns.AAAA:
				ip = r.AAAA
			default:
				continue
			}
			if a, ok := netip.AddrFromSlice(ip); ok {
				out = append(out, a.Unmap())
			}
		}
	}
	if len(out) == 0 {
		return nil, failf(NoRecord, "%s has no address (A or AAAA record)", name)
	}
	return out, nil
}

func isTimeout(ctx context.Context, err error) bool {
	var ne net.Error
	return ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}
