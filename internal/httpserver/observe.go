package httpserver

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"orgdir/internal/viewer"
)

// requestLog is filled in while a request is served and logged when it ends.
type requestLog struct {
	operation string
	viewer    *viewer.Viewer
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

// withAccessLog writes one structured line per request: method, path (never the query
// string, cookies or headers, which may hold secrets), status, duration, request id,
// actor and GraphQL operation name.
func withAccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		entry := &requestLog{}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestLogKey{}, entry)))
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "request_id", RequestID(r.Context())}
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
		slog.InfoContext(r.Context(), "request", attrs...)
	})
}

// noteViewer records the request's viewer for its log line.
func noteViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e, ok := r.Context().Value(requestLogKey{}).(*requestLog); ok {
			e.viewer = viewer.FromContext(r.Context())
		}
		next.ServeHTTP(w, r)
	})
}

// operationName records the GraphQL operation's name for the request's log line.
type operationName struct{}

func (operationName) ExtensionName() string                   { return "OperationName" }
func (operationName) Validate(graphql.ExecutableSchema) error { return nil }
func (operationName) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if e, ok := ctx.Value(requestLogKey{}).(*requestLog); ok {
		oc := graphql.GetOperationContext(ctx)
		e.operation = oc.OperationName
		if e.operation == "" && oc.Operation != nil {
			e.operation = oc.Operation.Name
		}
		if e.operation == "" {
			e.operation = "(anonymous)"
		}
	}
	return next(ctx)
}
