package domains_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"
)

// dnsServer is a real DNS server on 127.0.0.1 (UDP) answering from a zone the test
// edits: TXT and A records per name, names that never answer, names that fail.
type dnsServer struct {
	addr     string
	mu       sync.Mutex
	txt      map[string][][]string
	a        map[string][]string
	silent   map[string]bool
	servfail map[string]bool
}

func startDNS(t *testing.T) *dnsServer {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &dnsServer{addr: pc.LocalAddr().String(), txt: map[string][][]string{}, a: map[string][]string{},
		silent: map[string]bool{}, servfail: map[string]bool{}}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(s.serve), NotifyStartedFunc: func() { close(started) }}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return s
}

// SetTXT replaces the TXT records of name; each record is one or more strings.
func (s *dnsServer) SetTXT(name string, records ...[]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txt[dns.Fqdn(name)] = records
}

// SetA points name at addresses.
func (s *dnsServer) SetA(name string, ips ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.a[dns.Fqdn(name)] = ips
}

// Silence makes the server never answer questions about name.
func (s *dnsServer) Silence(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silent[dns.Fqdn(name)] = true
}

// Fail makes the server answer SERVFAIL for name.
func (s *dnsServer) Fail(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.servfail[dns.Fqdn(name)] = true
}

func (s *dnsServer) serve(w dns.ResponseWriter, r *dns.Msg) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.Question[0]
	name := strings.ToLower(q.Name)
	if s.silent[name] {
		return
	}
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	hdr := func(t uint16) dns.RR_Header {
		return dns.RR_Header{Name: q.Name, Rrtype: t, Class: dns.ClassINET, Ttl: 60}
	}
	_, hasTXT := s.txt[name]
	_, hasA := s.a[name]
	switch {
	case s.servfail[name]:
		m.Rcode = dns.RcodeServerFailure
	case !hasTXT && !hasA:
		m.Rcode = dns.RcodeNameError
	case q.Qtype == dns.TypeTXT:
		for _, rec := range s.txt[name] {
			m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr(dns.TypeTXT), Txt: rec})
		}
	case q.Qtype == dns.TypeA:
		for _, ip := range s.a[name] {
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr(dns.TypeA), A: net.ParseIP(ip).To4()})
		}
	}
	_ = w.WriteMsg(m)
}

// certAuthority is a CA made for the test.
type certAuthority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T, name string) *certAuthority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &certAuthority{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue signs a server certificate for host.
func (ca *certAuthority) issue(host string) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}, nil
}

// httpsServer is a real HTTPS server on loopback serving every test domain with a
// certificate from its own CA (whose PEM file orgdir is given), or from a CA orgdir
// does not trust for the hosts in untrusted.
type httpsServer struct {
	port      int
	caFile    string
	mu        sync.Mutex
	files     map[string]string
	status    map[string]int
	redirects map[string]string
	slow      map[string]bool
	untrusted map[string]bool
	closing   chan struct{} // closed before the server shuts down; slow hosts answer then
}

func startHTTPS(t *testing.T) *httpsServer {
	t.Helper()
	trusted, rogue := newCA(t, "orgdir test CA"), newCA(t, "rogue CA")
	s := &httpsServer{files: map[string]string{}, status: map[string]int{}, redirects: map[string]string{},
		slow: map[string]bool{}, untrusted: map[string]bool{}, closing: make(chan struct{})}
	s.caFile = filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(s.caFile, trusted.pem, 0o600))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	srv.TLS = &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		s.mu.Lock()
		bad := s.untrusted[hello.ServerName]
		s.mu.Unlock()
		if bad {
			return rogue.issue(hello.ServerName)
		}
		return trusted.issue(hello.ServerName)
	}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(s.closing) }) // runs first: srv.Close waits for slow handlers
	s.port = srv.Listener.Addr().(*net.TCPAddr).Port
	return s
}

// Serve publishes content as the verification file of host.
func (s *httpsServer) Serve(host, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[host] = content
}

func (s *httpsServer) Status(host string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status[host] = code
}

func (s *httpsServer) Redirect(host, location string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.redirects[host] = location
}

func (s *httpsServer) Slow(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow[host] = true
}

func (s *httpsServer) Untrusted(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.untrusted[host] = true
}

func (s *httpsServer) serve(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	s.mu.Lock()
	content, ok := s.files[host+r.URL.Path]
	if !ok && r.URL.Path == "/.well-known/orgdir-domain-verification.txt" {
		content, ok = s.files[host]
	}
	status, redirect, slow := s.status[host], s.redirects[host], s.slow[host]
	s.mu.Unlock()
	switch {
	case slow:
		// It waits for the test's end, not for r.Context(): a handler that answered an
		// empty 200 when its context ended once reached the client, under CI load, as
		// "Wrong value" instead of a timeout.
		<-s.closing
		w.WriteHeader(http.StatusServiceUnavailable)
	case redirect != "" && r.URL.Path == "/.well-known/orgdir-domain-verification.txt":
		http.Redirect(w, r, redirect, http.StatusFound)
	case status != 0:
		w.WriteHeader(status)
	case !ok:
		http.NotFound(w, r)
	default:
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(content))
	}
}
