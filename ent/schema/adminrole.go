package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgdir/internal/gid"
)

// AdminRole says who may administer what: ORG_ADMIN on an organization, or
// SITE_ADMIN on one site of an ORIGINAL organization.
type AdminRole struct{ ent.Schema }

func (AdminRole) Mixin() []ent.Mixin { return []ent.Mixin{withID("adr"), createdMixin{}} }

func (AdminRole) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.Enum("role").Values("ORG_ADMIN", "SITE_ADMIN").Immutable().Annotations(entgql.Type("AdminRoleKind")),
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("site_id").GoType(gid.ID("")).Optional().Nillable().Immutable().Annotations(entgql.Skip()),
	}
}

func (AdminRole) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("admin_roles").Field("account_id").Unique().Required().Immutable(),
		edge.From("organization", Organization.Type).Ref("admin_roles").Field("org_id").Unique().Required().Immutable(),
		edge.From("site", Site.Type).Ref("admin_roles").Field("site_id").Unique().Immutable(),
	}
}

func (AdminRole) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "org_id").Unique().Annotations(entsql.IndexWhere("site_id IS NULL")),
		index.Fields("account_id", "site_id").Unique().Annotations(entsql.IndexWhere("site_id IS NOT NULL")),
	}
}

func (AdminRole) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
