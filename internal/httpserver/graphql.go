package httpserver

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgdir/ent"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/metrics"
	"orgdir/internal/viewer"
)

// maxBody is the largest request body /query reads.
const maxBody = 1 << 20

// complexityLimit bounds the work one document may ask for.
const complexityLimit = 5000

// parserTokenLimit bounds the size of a document before it is even parsed.
const parserTokenLimit = 10000

// A document over the complexity limit is refused as a whole, like one that does not
// validate: 422, not gqlgen's 200 (the presenter shows it as GRAPHQL_VALIDATION_FAILED).
func init() { errcode.RegisterErrorType("COMPLEXITY_LIMIT_EXCEEDED", errcode.KindProtocol) }

// newGraphQL assembles the GraphQL handler explicitly: JSON POST only (no form or
// multipart transport another site could post with an admin's cookie), a complexity
// limit, no field suggestions, one error presenter and one recover function.
func newGraphQL(schema graphql.ExecutableSchema, m *metrics.Metrics) http.Handler {
	srv := handler.New(schema)
	srv.AddTransport(transport.POST{})
	// Introspection is on, but /query answers only signed-in callers (RequireViewer).
	srv.Use(extension.Introspection{})
	// Before the complexity limit, which decodes the arguments to price them.
	srv.Use(cursorGuard{})
	srv.Use(extension.FixedComplexityLimit(complexityLimit))
	srv.Use(depthLimit{})
	srv.Use(operationName{})
	srv.Use(readOnlyGuard{})
	srv.SetParserTokenLimit(parserTokenLimit)
	srv.SetQueryCache(newQueryCache())
	srv.Use(requestCache{})
	srv.Use(countErrors{m})
	srv.SetDisableSuggestion(true)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		slog.ErrorContext(ctx, "panic in resolver", "panic", p, "request_id", RequestID(ctx))
		return errors.New("internal error")
	})
	return limitBody(srv)
}

// readOnlyGuard refuses every mutation of a read-only API key before any resolver runs:
// FORBIDDEN whatever the arguments, so that the answer is the same for an id the key
// sees and for one it does not, and a resolver that forgets the check cannot write.
type readOnlyGuard struct{}

func (readOnlyGuard) ExtensionName() string                   { return "ReadOnlyGuard" }
func (readOnlyGuard) Validate(graphql.ExecutableSchema) error { return nil }
func (readOnlyGuard) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	v := viewer.FromContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation || v == nil || !v.ReadOnly {
		return nil
	}
	return gqlerror.Wrap(apperr.Forbiddenf("this API key is read-only"))
}

// requestCache gives each query its own cache of rows that many fields share (policies,
// a page's preloaded product access). A mutation gets none: a later field of its
// document could change what an earlier one cached.
type requestCache struct{}

func (requestCache) ExtensionName() string                   { return "RequestCache" }
func (requestCache) Validate(graphql.ExecutableSchema) error { return nil }
func (requestCache) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Query {
			ctx = directory.WithRequestCache(ctx)
		}
	}
	return next(ctx)
}

// limitBody answers 413 to a body over maxBody (gqlgen would answer 200 with an error)
// and 400 to one that is not UTF-8 (Go's JSON decoder would quietly turn the bad bytes
// into U+FFFD, storing text the caller never sent). gqlgen reads the whole body anyway.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tooLarge := "request body over " + strconv.Itoa(maxBody) + " bytes"
		if r.ContentLength > maxBody {
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, "INVALID_INPUT", tooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		var max *http.MaxBytesError
		switch {
		case errors.As(err, &max):
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, "INVALID_INPUT", tooLarge)
			return
		case err != nil:
			writeGraphQLError(w, http.StatusBadRequest, "INVALID_INPUT", "the request body could not be read")
			return
		case !utf8.Valid(body):
			writeGraphQLError(w, http.StatusBadRequest, "INVALID_INPUT", "the request body is not valid UTF-8")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// presentError maps rule errors to their stable code and hides everything else.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae):
		gqlErr.Message = ae.Message
		ext := map[string]any{"code": string(ae.Code)}
		if field := ae.Field; field != "" || ae.Code == apperr.InvalidInput {
			if field == "" {
				field = pathField(gqlErr.Path)
			}
			ext["field"] = field
		}
		gqlErr.Extensions = ext
	case errors.Is(err, gid.ErrMalformed):
		gqlErr.Message = "malformed id"
		gqlErr.Extensions = map[string]any{"code": string(apperr.InvalidInput), "field": inputField(ctx, gqlErr.Path)}
	case ent.IsNotFound(err):
		gqlErr.Message = "not found"
		gqlErr.Extensions = map[string]any{"code": string(apperr.NotFound)}
	case isArgumentError(ctx, gqlErr.Path):
		// An argument that did not unmarshal (a time, a cursor) is the caller's input.
		field := inputField(ctx, gqlErr.Path)
		gqlErr.Message = "invalid value for " + field
		gqlErr.Extensions = map[string]any{"code": string(apperr.InvalidInput), "field": field}
	case strings.HasPrefix(gqlErr.Message, "json request body could not be decoded"):
		// gqlgen would echo the whole body back; say what is expected instead.
		gqlErr.Message = `the request body must be one JSON object: {"query": "...", "variables": {...}}`
		gqlErr.Extensions = map[string]any{"code": string(apperr.InvalidInput)}
	case gqlErr.Extensions["code"] == "COMPLEXITY_LIMIT_EXCEEDED":
		gqlErr.Extensions = map[string]any{"code": errcode.ValidationFailed}
	case isGraphQLError(gqlErr):
		// Parse and validation errors keep gqlgen's own codes and messages.
	default:
		id := RequestID(ctx)
		slog.ErrorContext(ctx, "internal error", "err", err, "request_id", id, "path", gqlErr.Path.String())
		gqlErr.Message = "internal error (request " + id + ")"
		gqlErr.Extensions = map[string]any{"code": string(apperr.Internal), "requestId": id}
	}
	return gqlErr
}

func isGraphQLError(e *gqlerror.Error) bool {
	code, _ := e.Extensions["code"].(string)
	return code == errcode.ParseFailed || code == errcode.ValidationFailed
}

// isArgumentError reports whether p points into the arguments of the field being
// resolved: gqlgen reports an argument that fails to unmarshal at the field's path
// followed by the argument's name.
func isArgumentError(ctx context.Context, p ast.Path) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	fp := fc.Path()
	if len(p) <= len(fp) {
		return false
	}
	for i := range fp {
		if fp[i] != p[i] {
			return false
		}
	}
	return true
}

// inputField names the offending input as the caller wrote it: for an argument, its
// path inside the field's arguments (accountId, ids[1], where.policyId).
func inputField(ctx context.Context, p ast.Path) string {
	if isArgumentError(ctx, p) {
		return pathField(p[len(graphql.GetFieldContext(ctx).Path()):])
	}
	return pathField(p)
}

func pathField(p ast.Path) string {
	if len(p) == 0 {
		return ""
	}
	parts := make([]string, 0, len(p))
	for _, el := range p {
		switch v := el.(type) {
		case ast.PathName:
			parts = append(parts, string(v))
		case ast.PathIndex:
			parts = append(parts, "["+strconv.Itoa(int(v))+"]")
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "."), ".[", "[")
}
