package domains

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
)

// maxFileSize is the largest verification file read; anything longer is refused.
const maxFileSize = 4096

// Reasons only the HTTPS check gives.
const (
	RefusedRedirect Reason = "Refused redirect"
	TooLarge        Reason = "File too large"
)

// blocked are address ranges no verification fetch may reach besides the ones netip
// classifies (private, loopback, link-local, multicast, unspecified): shared address
// space, IETF protocol assignments, benchmarking, reserved, NAT64 and documentation.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// publicAddr reports whether a verification fetch may connect to a.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || !a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

type refusedAddrError struct{ addr netip.Addr }

func (e *refusedAddrError) Error() string { return "refused address " + e.addr.String() }

type redirectError struct{ to string }

func (e *redirectError) Error() string { return "refused redirect to " + e.to }

// httpClient returns a client for one fetch: no proxy (it would bypass the address
// check), no connection reuse, names resolved by the configured DNS server, every
// dialed address checked, TLS against the system roots plus the configured CA, and
// redirects only within the same host over HTTPS.
func (c *checker) httpClient() *http.Client {
	dialer := &net.Dialer{Timeout: c.timeout, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return err
		}
		if !c.allowPriv && !publicAddr(ap.Addr()) {
			return &refusedAddrError{ap.Addr()}
		}
		return nil
	}}
	dial := func(ctx context.Context, _, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		addrs, fail := c.resolve(ctx, host)
		if fail != nil {
			return nil, fail
		}
		var firstErr error
		for _, a := range addrs {
			conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(a.String(), strconv.Itoa(c.httpsPort)))
			if err == nil {
				return conn, nil
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		return nil, firstErr
	}
	return &http.Client{
		Timeout: c.timeout,
		Transport: &http.Transport{
			Proxy:                  nil,
			DialContext:            dial,
			TLSClientConfig:        &tls.Config{RootCAs: c.roots, MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:    c.timeout,
			ResponseHeaderTimeout:  c.timeout,
			DisableKeepAlives:      true,
			MaxResponseHeaderBytes: 16 << 10,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 || req.URL.Scheme != "https" || req.URL.Host != via[0].URL.Host {
				return &redirectError{to: req.URL.Scheme + "://" + req.URL.Host}
			}
			return nil
		},
	}
}

// checkFile fetches https://<name>/.well-known/orgdir-domain-verification.txt and
// compares its content with record (the bare token is accepted too).
func (c *checker) checkFile(ctx context.Context, name, record string) *CheckError {
	url := "https://" + name + FilePath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return failf(FetchFailed, "could not fetch %s", url)
	}
	req.Header.Set("User-Agent", "orgdir-domain-verification")
	client := c.httpClient()
	defer client.CloseIdleConnections()
	res, err := client.Do(req)
	if err != nil {
		return fetchError(ctx, url, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return failf(NoRecord, "%s answered HTTP %d instead of the verification file", url, res.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, maxFileSize+1))
	if err != nil {
		return fetchError(ctx, url, err)
	}
	if len(body) > maxFileSize {
		return failf(TooLarge, "%s is larger than %d bytes; it must contain only %s", url, maxFileSize, record)
	}
	content := strings.TrimSpace(strings.TrimPrefix(string(body), "\uFEFF"))
	if content == record || content == strings.TrimPrefix(record, TXTPrefix) {
		return nil
	}
	return failf(WrongValue, "%s does not contain this domain's current token; it must contain %s", url, record)
}

// fetchError turns a failed fetch into the reason the Domains page shows.
func fetchError(ctx context.Context, url string, err error) *CheckError {
	var (
		ce       *CheckError
		refused  *refusedAddrError
		redirect *redirectError
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		host     x509.HostnameError
		invalid  x509.CertificateInvalidError
		header   tls.RecordHeaderError
		alert    tls.AlertError
	)
	switch {
	case errors.As(err, &ce):
		return ce
	case errors.As(err, &refused):
		return failf(RefusedAddress, "%s resolves to %s, a private, loopback or link-local address", hostOf(url), refused.addr)
	case errors.As(err, &redirect):
		return failf(RefusedRedirect, "%s redirects to %s; the file must be served by the domain itself", url, redirect.to)
	case errors.As(err, &verify), errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid):
		return failf(TLSFailure, "the certificate of %s is not trusted for this name (%s)", hostOf(url), tlsDetail(err))
	case errors.As(err, &header), errors.As(err, &alert):
		return failf(TLSFailure, "%s did not complete a TLS handshake", hostOf(url))
	case isTimeout(ctx, err):
		return failf(Timeout, "%s did not answer in time", url)
	default:
		return failf(FetchFailed, "could not connect to %s", hostOf(url))
	}
}

func tlsDetail(err error) string {
	var (
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &unknown):
		return "signed by an unknown authority"
	case errors.As(err, &host):
		return "issued for another name"
	case errors.As(err, &invalid):
		return "expired or not valid"
	default:
		return "verification failed"
	}
}

func hostOf(url string) string {
	h := strings.TrimPrefix(url, "https://")
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	return h
}
