package httpserver

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"orgdir/internal/metrics"
	"orgdir/internal/viewer"
)

// requestLog is filled in while a request is served and logged when it ends.
type requestLog struct {
	// route is the ServeMux pattern that matched ("" when none did).
	route string
	// operation is the name of the GraphQL operation that ran, as sent; "" when none ran.
	operation string
	// ranOperation is set when a GraphQL operation passed validation and ran.
	ranOperation bool
	// errorCodes are the extensions.code of the GraphQL answer's errors, in order.
	errorCodes []string
	viewer     *viewer.Viewer
}

type requestLogKey struct{}

// statusRecorder remembers the status an answer was sent with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Flush keeps streamed answers (the CSV exports) streaming through the recorder.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// observe writes one structured line per request: method, path (never the query
// string, cookies or headers, which may hold secrets), status, duration, request id,
// actor and GraphQL operation name; and counts the request in m by route and operation.
func observe(m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		entry := &requestLog{}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestLogKey{}, entry)))
		took := time.Since(start)
		m.ObserveRequest(entry.route, entry.operationLabel(m), rec.status, took)
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(took.Microseconds()) / 1000, "request_id", RequestID(r.Context())}
		if v := entry.viewer; v != nil {
			if v.AccountID != "" {
				attrs = append(attrs, "actor", string(v.AccountID))
			} else if v.APIKeyID != "" {
				attrs = append(attrs, "actor", string(v.APIKeyID))
			}
		}
		if entry.operation != "" {
			attrs = append(attrs, "operation", entry.operation)
		}
		if len(entry.errorCodes) > 0 {
			attrs = append(attrs, "error_codes", entry.errorCodes)
		}
		slog.InfoContext(r.Context(), "request", attrs...)
	})
}

// operationLabel is the request's operation as a metrics label: bounded by m for
// operations that ran, NoOperation for a GraphQL request that ran none, "" elsewhere.
func (e *requestLog) operationLabel(m *metrics.Metrics) string {
	switch {
	case e.ranOperation:
		return m.Operation(e.operation)
	case e.route == graphQLRoute:
		return metrics.NoOperation
	default:
		return ""
	}
}

// noteRequest records the request's viewer and the route mux will choose for it.
func noteRequest(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e, ok := r.Context().Value(requestLogKey{}).(*requestLog); ok {
			e.viewer = viewer.FromContext(r.Context())
			_, e.route = mux.Handler(r)
		}
		mux.ServeHTTP(w, r)
	})
}

// operationName records the GraphQL operation's name for the request's log line.
type operationName struct{}

func (operationName) ExtensionName() string                   { return "OperationName" }
func (operationName) Validate(graphql.ExecutableSchema) error { return nil }
func (operationName) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if e, ok := ctx.Value(requestLogKey{}).(*requestLog); ok {
		oc := graphql.GetOperationContext(ctx)
		e.ranOperation = true
		e.operation = oc.OperationName
		if e.operation == "" && oc.Operation != nil {
			e.operation = oc.Operation.Name
		}
		if e.operation == "" {
			e.operation = metrics.Anonymous
		}
	}
	return next(ctx)
}

// countErrors counts the errors of every GraphQL answer by extensions.code, after the
// error presenter has given each its code (bad JSON and validation failures included),
// and notes the first ten codes for the request's log line.
type countErrors struct{ m *metrics.Metrics }

func (countErrors) ExtensionName() string                   { return "CountErrors" }
func (countErrors) Validate(graphql.ExecutableSchema) error { return nil }
func (c countErrors) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	entry, _ := ctx.Value(requestLogKey{}).(*requestLog)
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		c.m.GraphQLError(code)
		if entry != nil && len(entry.errorCodes) < 10 {
			entry.errorCodes = append(entry.errorCodes, code)
		}
	}
	return resp
}
