package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgdir/internal/gid"
)

// Group is a named set of site members; groups grant product roles.
type Group struct{ ent.Schema }

func (Group) Mixin() []ent.Mixin { return []ent.Mixin{withID("grp"), createdMixin{}} }

func (Group) Fields() []ent.Field {
	return []ent.Field{
		field.String("site_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("name").NotEmpty().Immutable(),
		field.String("description").Optional(),
		field.Bool("is_default").Default(false),
	}
}

func (Group) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("site", Site.Type).Ref("groups").Field("site_id").Unique().Required().Immutable(),
		edge.To("grants", GroupGrant.Type).Annotations(entgql.Skip()),
		edge.To("members", Membership.Type).Annotations(entgql.Skip()),
	}
}

func (Group) Indexes() []ent.Index {
	return []ent.Index{index.Fields("site_id", "name").Unique()}
}

func (Group) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// GroupGrant is one (product, role) pair a group grants.
type GroupGrant struct{ ent.Schema }

func (GroupGrant) Fields() []ent.Field {
	return []ent.Field{
		field.String("group_id").GoType(gid.ID("")).Immutable(),
		field.Enum("product").Values(Products...).Immutable(),
		field.Enum("role").Values("USER", "ADMIN").Immutable(),
	}
}

func (GroupGrant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("group", Group.Type).Ref("grants").Field("group_id").Unique().Required().Immutable(),
	}
}

func (GroupGrant) Indexes() []ent.Index {
	return []ent.Index{index.Fields("group_id", "product", "role").Unique()}
}

func (GroupGrant) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Products are the product keys of PRODUCT.md §1.
var Products = []string{"JIRA", "CONFLUENCE", "JIRA_SERVICE_MANAGEMENT", "JIRA_PRODUCT_DISCOVERY",
	"BITBUCKET", "OPSGENIE", "STATUSPAGE", "TRELLO"}
