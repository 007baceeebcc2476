package httpserver

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgdir/internal/apperr"
	"orgdir/internal/page"
)

// cursorGuard checks every Cursor the operation carries, as a literal or in a variable,
// with page.CheckCursor before gqlgen hands it to entgql's decoder, which a crafted
// cursor of a few hundred bytes makes allocate gigabytes (see page.CheckCursor).
type cursorGuard struct{}

func (cursorGuard) ExtensionName() string                   { return "CursorGuard" }
func (cursorGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (cursorGuard) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	// Validation lets only variables declared as Cursor reach Cursor arguments.
	for _, v := range oc.Operation.VariableDefinitions {
		if !isCursorType(v.Type) {
			continue
		}
		if !cursorValues(oc.Variables[v.Variable]) {
			return badCursor(v.Variable)
		}
		if v.DefaultValue != nil && !cursorLiteral(v.DefaultValue) {
			return badCursor(v.Variable)
		}
	}
	if name := literalCursors(oc.Doc, oc.Operation.SelectionSet, map[string]bool{}); name != "" {
		return badCursor(name)
	}
	return nil
}

// badCursor refuses the request as a whole: the validation-failed code makes gqlgen
// answer 422 like any document it refuses, and the error presenter then shows the
// apperr's INVALID_INPUT code and field.
func badCursor(field string) *gqlerror.Error {
	err := gqlerror.Wrap(apperr.Invalid(field, "%s is not a cursor of this list", field))
	errcode.Set(err, errcode.ValidationFailed)
	return err
}

func isCursorType(t *ast.Type) bool {
	for t.Elem != nil {
		t = t.Elem
	}
	return t.NamedType == "Cursor"
}

// cursorValues checks a variable's value: a string, null, or a list of them.
func cursorValues(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return page.CheckCursor(x) == nil
	case []any:
		for _, e := range x {
			if !cursorValues(e) {
				return false
			}
		}
		return true
	default:
		return true // not a string: gqlgen refuses it as the wrong type
	}
}

func cursorLiteral(v *ast.Value) bool {
	if v.Kind == ast.StringValue || v.Kind == ast.BlockValue {
		return page.CheckCursor(v.Raw) == nil
	}
	for _, c := range v.Children {
		if !cursorLiteral(c.Value) {
			return false
		}
	}
	return true
}

// literalCursors returns the name of the first argument whose literal Cursor does not
// pass, following fragments once each.
func literalCursors(doc *ast.QueryDocument, set ast.SelectionSet, seen map[string]bool) string {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				if a.Value != nil && a.Value.ExpectedType != nil && isCursorType(a.Value.ExpectedType) && !cursorLiteral(a.Value) {
					return a.Name
				}
			}
			if n := literalCursors(doc, s.SelectionSet, seen); n != "" {
				return n
			}
		case *ast.InlineFragment:
			if n := literalCursors(doc, s.SelectionSet, seen); n != "" {
				return n
			}
		case *ast.FragmentSpread:
			f := doc.Fragments.ForName(s.Name)
			if f == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if n := literalCursors(doc, f.SelectionSet, seen); n != "" {
				return n
			}
		}
	}
	return ""
}
