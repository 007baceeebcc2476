// Package apperr defines the errors orgdir's rules return. Each carries one of the
// stable codes of the GraphQL contract (PRODUCT.md §4); the HTTP layer turns them into
// extensions.code and never shows anything else of an internal error.
package apperr

import (
	"errors"
	"fmt"
)

// Code is a stable error code clients can rely on.
type Code string

const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	NotFound        Code = "NOT_FOUND"
	NotManaged      Code = "NOT_MANAGED"
	InvalidInput    Code = "INVALID_INPUT"
	InvalidState    Code = "INVALID_STATE"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	Internal        Code = "INTERNAL"
)

// Error is a rule violation a caller can act on.
type Error struct {
	Code    Code
	Message string
	// Field names the offending input, for example "emails[1]" or "input.name".
	Field string
}

func (e *Error) Error() string { return e.Message }

// Is makes errors.Is match any *Error with the same code.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && t.Field == "" && t.Message == ""
}

// Sentinels for errors.Is checks in tests and callers.
var (
	ErrNotFound     = &Error{Code: NotFound}
	ErrNotManaged   = &Error{Code: NotManaged}
	ErrInvalidState = &Error{Code: InvalidState}
	ErrForbidden    = &Error{Code: Forbidden}
)

// NotFoundf is the one answer for anything the caller cannot see, so that an id that
// exists elsewhere is indistinguishable from one that never existed.
func NotFoundf(what string) *Error {
	return &Error{Code: NotFound, Message: what + " not found"}
}

// NotManagedf refuses a lifecycle action on an account the caller sees but does not manage.
func NotManagedf() *Error {
	return &Error{Code: NotManaged, Message: "this account is not managed by your organization; only its managing organization can change it"}
}

// Invalid reports bad input in the named field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: InvalidInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// State reports an action not allowed in the object's current state.
func State(format string, args ...any) *Error {
	return &Error{Code: InvalidState, Message: fmt.Sprintf(format, args...)}
}

// Conflictf reports a clash with existing data, naming the field.
func Conflictf(field, format string, args ...any) *Error {
	return &Error{Code: Conflict, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf refuses an action the caller's role does not allow.
func Forbiddenf(format string, args ...any) *Error {
	return &Error{Code: Forbidden, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of err, or Internal when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
