package generated

import (
	"bytes"
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
)

func TestMarshalSliceInOrderGivesEachElementItsIndexAndNullsOnlyTheOneThatPanics(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{}})
	var indexes []int
	got := marshalSliceInOrder(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		indexes = append(indexes, *graphql.GetFieldContext(ctx).Index)
		if i == 1 {
			panic("element 1")
		}
		return graphql.MarshalInt(i)
	})
	require.Equal(t, []int{0, 1, 2}, indexes)
	var out bytes.Buffer
	got.MarshalGQL(&out)
	require.Equal(t, "[0,null,2]", out.String())
	require.Len(t, graphql.GetErrors(ctx), 1)
}
