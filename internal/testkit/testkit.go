// Package testkit starts a real orgdir (real handler, real HTTP, a real SQLite file in a
// temporary directory, a clock tests can move) and signs admins in, so that tests go
// through the front door like any client.
package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/clock"
)

// Start is the fake clock's first reading in every test.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Env is one running orgdir.
type Env struct {
	T      testing.TB
	App    *app.App
	Server *httptest.Server
	Clock  *clock.Fake
	// DBPath is the SQLite file, empty on PostgreSQL; DSN names the database either way.
	DBPath string
	DSN    string
}

// New starts orgdir on a fresh SQLite file and stops it when the test ends.
func New(t testing.TB) *Env {
	return NewWithOptions(t, app.Options{})
}

// NewWithOptions is New with app options (for example SQLLog); DB and Clock are set here.
func NewWithOptions(t testing.TB, o app.Options) *Env {
	t.Helper()
	dsn, path := newDatabase(t)
	c := clock.NewFake(Start)
	o.DB, o.Clock = dsn, c
	a, err := app.New(context.Background(), o)
	require.NoError(t, err)
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(func() {
		srv.Close()
		_ = a.Close()
	})
	return &Env{T: t, App: a, Server: srv, Clock: c, DBPath: path, DSN: dsn}
}

// Open starts a second orgdir on the same database file (another server process).
func (e *Env) Open() *Env {
	e.T.Helper()
	a, err := app.New(context.Background(), app.Options{DB: e.DSN, Clock: e.Clock})
	require.NoError(e.T, err)
	srv := httptest.NewServer(a.Handler)
	e.T.Cleanup(func() {
		srv.Close()
		_ = a.Close()
	})
	return &Env{T: e.T, App: a, Server: srv, Clock: e.Clock, DBPath: e.DBPath, DSN: e.DSN}
}

// Client is a browser-like client with its own cookie jar.
type Client struct {
	env  *Env
	http *http.Client
}

// Anonymous returns a client that has not signed in.
func (e *Env) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{env: e, http: &http.Client{Jar: jar}}
}

// Login signs in and fails the test unless it succeeds.
func (e *Env) Login(email, password string) *Client {
	e.T.Helper()
	c := e.Anonymous()
	res := c.Post("/auth/login", map[string]string{"email": email, "password": password})
	require.Equal(e.T, http.StatusOK, res.StatusCode, "sign in as %s: %s", email, res.Body)
	return c
}

// HTTPResult is a raw HTTP answer.
type HTTPResult struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// Post sends body as JSON to path.
func (c *Client) Post(path string, body any) HTTPResult {
	c.env.T.Helper()
	b, err := json.Marshal(body)
	require.NoError(c.env.T, err)
	return c.Raw(http.MethodPost, path, "application/json", b)
}

// Raw sends any request.
func (c *Client) Raw(method, path, contentType string, body []byte) HTTPResult {
	c.env.T.Helper()
	req, err := http.NewRequest(method, c.env.Server.URL+path, bytes.NewReader(body))
	require.NoError(c.env.T, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.http.Do(req)
	require.NoError(c.env.T, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(c.env.T, err)
	return HTTPResult{StatusCode: res.StatusCode, Header: res.Header, Body: string(out)}
}

// Response is a GraphQL answer.
type Response struct {
	t          testing.TB
	StatusCode int
	Data       json.RawMessage `json:"data"`
	Errors     []Error         `json:"errors"`
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Query runs a GraphQL document with variables.
func (c *Client) Query(query string, vars map[string]any) Response {
	c.env.T.Helper()
	res := c.Post("/query", map[string]any{"query": query, "variables": vars})
	r := Response{t: c.env.T, StatusCode: res.StatusCode}
	require.NoError(c.env.T, json.Unmarshal([]byte(res.Body), &r), res.Body)
	return r
}

// MustQuery runs a document that must succeed and decodes its data into out.
func (c *Client) MustQuery(query string, vars map[string]any, out any) {
	c.env.T.Helper()
	r := c.Query(query, vars)
	require.Empty(c.env.T, r.Errors, "unexpected errors: %+v", r.Errors)
	if out != nil {
		require.NoError(c.env.T, json.Unmarshal(r.Data, out))
	}
}

// Code returns the extensions.code of the first error, or "" when there is none.
func (r Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

// Field returns the extensions.field of the first error.
func (r Response) Field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// Message returns the message of the first error.
func (r Response) Message() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// Decode decodes the data of a response into out.
func (r Response) Decode(out any) {
	r.t.Helper()
	require.NoError(r.t, json.Unmarshal(r.Data, out))
}

// RawWithHeaders sends any request with the given headers.
func (c *Client) RawWithHeaders(method, path string, headers map[string]string, body []byte) HTTPResult {
	c.env.T.Helper()
	req, err := http.NewRequest(method, c.env.Server.URL+path, bytes.NewReader(body))
	require.NoError(c.env.T, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	require.NoError(c.env.T, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(c.env.T, err)
	return HTTPResult{StatusCode: res.StatusCode, Header: res.Header, Body: string(out)}
}

// ParseResponse decodes a raw HTTP answer as a GraphQL response.
func ParseResponse(t testing.TB, res HTTPResult) Response {
	t.Helper()
	r := Response{t: t, StatusCode: res.StatusCode}
	require.NoError(t, json.Unmarshal([]byte(res.Body), &r), res.Body)
	return r
}
