package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"orgdir/internal/gid"
)

// Device is a browser or app session of an account.
type Device struct{ ent.Schema }

func (Device) Mixin() []ent.Mixin { return []ent.Mixin{withID("dev"), createdMixin{}} }

func (Device) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("name"),
		field.String("user_agent").Optional(),
		field.String("location").Optional(),
		field.Time("last_used_at"),
	}
}

func (Device) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("devices").
			Field("account_id").Unique().Required().Immutable().Annotations(entgql.Skip()),
	}
}

func (Device) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
