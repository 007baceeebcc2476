package auth

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"orgdir/internal/viewer"
)

// CookieName is the session cookie; over TLS it carries the __Host- prefix.
const CookieName = "orgdir_session"

func cookieName(r *http.Request) string {
	if r.TLS != nil {
		return "__Host-" + CookieName
	}
	return CookieName
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// LoginHandler serves POST /auth/login: 200 with the viewer and a session cookie, 401
// with one generic message for any wrong email or password, 400 for a malformed body.
func (s *Service) LoginHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req loginRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil || req.Email == "" || req.Password == "" {
			writeJSON(w, http.StatusBadRequest, errorBody("INVALID_INPUT", `send JSON {"email": "...", "password": "..."}`))
			return
		}
		token, v, err := s.Login(r.Context(), req.Email, req.Password, clientAddr(r))
		if IsBadCredentials(err) {
			writeJSON(w, http.StatusUnauthorized, errorBody("UNAUTHENTICATED", ErrBadCredentials.Message))
			return
		}
		if errors.Is(err, ErrRateLimited) {
			w.Header().Set("Retry-After", strconv.Itoa(int(ThrottleWindow.Seconds())))
			writeJSON(w, http.StatusTooManyRequests, errorBody("RATE_LIMITED", ErrRateLimited.Message))
			return
		}
		if err != nil {
			slog.ErrorContext(r.Context(), "sign-in failed", "err", err)
			writeJSON(w, http.StatusInternalServerError, errorBody("INTERNAL", "internal error"))
			return
		}
		http.SetCookie(w, &http.Cookie{
			Name: cookieName(r), Value: token, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
			SameSite: http.SameSiteLaxMode, MaxAge: int(s.Lifetime.Seconds()),
		})
		writeJSON(w, http.StatusOK, map[string]any{"viewer": map[string]any{
			"accountId": v.AccountID, "email": v.Label, "organizationIds": v.OrgAdmin, "siteIds": v.SiteAdmin,
		}})
	})
}

// LogoutHandler serves POST /auth/logout: the session ends on the server and the
// cookie is cleared.
func (s *Service) LogoutHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(cookieName(r)); err == nil {
			if err := s.Logout(r.Context(), c.Value); err != nil {
				slog.ErrorContext(r.Context(), "sign-out failed", "err", err)
				writeJSON(w, http.StatusInternalServerError, errorBody("INTERNAL", "internal error"))
				return
			}
		}
		http.SetCookie(w, &http.Cookie{Name: cookieName(r), Value: "", Path: "/", HttpOnly: true,
			Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode, MaxAge: -1})
		w.WriteHeader(http.StatusNoContent)
	})
}

// Middleware puts the viewer of the request, if any, in its context: from an
// `Authorization: Bearer` API key or from the session cookie, never both, and never
// from the URL.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth := r.Header.Get("Authorization"); auth != "" {
			s.keyAuth(w, r, auth, next)
			return
		}
		c, err := r.Cookie(cookieName(r))
		if err != nil || strings.TrimSpace(c.Value) == "" {
			next.ServeHTTP(w, r)
			return
		}
		v, err := s.Authenticate(r.Context(), c.Value)
		if err != nil {
			slog.ErrorContext(r.Context(), "session lookup failed", "err", err)
			writeJSON(w, http.StatusInternalServerError, errorBody("INTERNAL", "internal error"))
			return
		}
		if v != nil {
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Service) keyAuth(w http.ResponseWriter, r *http.Request, header string, next http.Handler) {
	if _, err := r.Cookie(cookieName(r)); err == nil {
		writeJSON(w, http.StatusBadRequest, errorBody("INVALID_INPUT", "send a session cookie or an API key, not both"))
		return
	}
	secret, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		writeJSON(w, http.StatusUnauthorized, errorBody("UNAUTHENTICATED", "use Authorization: Bearer <API key>"))
		return
	}
	v, err := s.AuthenticateKey(r.Context(), strings.TrimSpace(secret))
	if err != nil {
		slog.ErrorContext(r.Context(), "API key lookup failed", "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody("INTERNAL", "internal error"))
		return
	}
	if v == nil {
		writeJSON(w, http.StatusUnauthorized, errorBody("UNAUTHENTICATED", "this API key is unknown, revoked or expired"))
		return
	}
	next.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), v)))
}

// RequireViewer answers 401 UNAUTHENTICATED, in the GraphQL error shape, to a request
// without a viewer.
func RequireViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewer.FromContext(r.Context()) == nil {
			writeJSON(w, http.StatusUnauthorized, errorBody("UNAUTHENTICATED", "sign in first: POST /auth/login"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the address the request came from. Forwarded headers are not trusted:
// behind a proxy every client shares the proxy's limit, which errs on the safe side.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func errorBody(code, message string) map[string]any {
	return map[string]any{"errors": []any{map[string]any{"message": message, "extensions": map[string]any{"code": code}}}}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
