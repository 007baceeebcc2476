package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"orgdir/internal/gid"
)

// ApiToken is a personal API token of an account (not an org API key).
type ApiToken struct{ ent.Schema }

func (ApiToken) Mixin() []ent.Mixin { return []ent.Mixin{withID("tok"), createdMixin{}} }

func (ApiToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("label"),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("expires_at").Optional().Nillable(),
	}
}

func (ApiToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("api_tokens").
			Field("account_id").Unique().Required().Immutable().Annotations(entgql.Skip()),
	}
}

func (ApiToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
