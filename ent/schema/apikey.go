package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"orgdir/internal/gid"
)

// ApiKey is an org-scoped key for scripts and integrations. Only a hash of the
// secret is stored.
type ApiKey struct{ ent.Schema }

func (ApiKey) Mixin() []ent.Mixin { return []ent.Mixin{withID("key"), createdMixin{}} }

func (ApiKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("name").NotEmpty(),
		field.Bool("read_only").Default(true),
		field.Bytes("secret_hash").Unique().Immutable().Sensitive().Annotations(entgql.Skip()),
		field.String("created_by").GoType(gid.ID("")).Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

func (ApiKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("api_keys").
			Field("org_id").Unique().Required().Immutable().Annotations(entgql.Skip()),
	}
}

func (ApiKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
