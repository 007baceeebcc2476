package httpserver

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// maxDepth is how deeply one document may nest selections, counting through fragments.
const maxDepth = 15

// depthLimit rejects documents nested deeper than maxDepth before they run: gqlgen has
// no depth limit of its own, and a complexity limit alone lets a narrow, deep query by.
type depthLimit struct{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth(oc.Doc, oc.Operation.SelectionSet, 0, map[string]bool{}) > maxDepth {
		err := gqlerror.Errorf("the query is nested more than %d levels deep", maxDepth)
		errcode.Set(err, errcode.ValidationFailed)
		return err
	}
	return nil
}

// depth returns the deepest field level under set; visiting guards against fragment cycles
// (which validation rejects anyway).
func depth(doc *ast.QueryDocument, set ast.SelectionSet, level int, visiting map[string]bool) int {
	deepest := level
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			d = depth(doc, s.SelectionSet, level+1, visiting)
		case *ast.InlineFragment:
			d = depth(doc, s.SelectionSet, level, visiting)
		case *ast.FragmentSpread:
			f := doc.Fragments.ForName(s.Name)
			if f == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			d = depth(doc, f.SelectionSet, level, visiting)
			delete(visiting, s.Name)
		}
		deepest = max(deepest, d)
		if deepest > maxDepth {
			return deepest
		}
	}
	return deepest
}
