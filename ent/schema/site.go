package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"orgdir/internal/gid"
)

// Site is a product site of an organization.
type Site struct{ ent.Schema }

func (Site) Mixin() []ent.Mixin { return []ent.Mixin{withID("sit"), createdMixin{}} }

func (Site) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("name").NotEmpty().Unique(),
		field.String("url").NotEmpty(),
		field.Strings("products").Annotations(entgql.Skip()),
	}
}

func (Site) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("sites").
			Field("org_id").Unique().Required().Immutable(),
		edge.To("memberships", Membership.Type).Annotations(entgql.Skip()),
		edge.To("groups", Group.Type).Annotations(entgql.Skip()),
		edge.To("admin_roles", AdminRole.Type).Annotations(entgql.Skip()),
	}
}

func (Site) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
