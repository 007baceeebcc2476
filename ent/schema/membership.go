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

// Membership is an account's presence on one site: a row of the Users page.
type Membership struct{ ent.Schema }

func (Membership) Mixin() []ent.Mixin { return []ent.Mixin{withID("mem")} }

func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("site_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.Enum("status").Values("ACTIVE", "INVITED", "SUSPENDED").
			Annotations(entgql.Type("MembershipStatus"), entgql.OrderField("STATUS")),
		// Copies of the account's keys, for ordering a site's users.
		field.String("name_key").Annotations(hidden, entgql.OrderField("NAME")),
		field.String("email_key").Annotations(hidden, entgql.OrderField("EMAIL")),
		field.Time("invited_at").Optional().Nillable(),
		field.String("invited_by").GoType(gid.ID("")).Optional().Nillable().Annotations(entgql.Skip()),
		field.Time("added_at").Immutable(),
		field.Time("last_active_at").Optional().Nillable(),
		field.Int64("last_active_key").Default(0).Annotations(hidden, entgql.OrderField("LAST_ACTIVE")),
		field.Time("suspended_at").Optional().Nillable(),
		field.String("suspension_reason").Optional().Nillable(),
		// suspended_from is the status a restore returns to.
		field.Enum("suspended_from").Values("ACTIVE", "INVITED").Optional().Nillable().Annotations(entgql.Skip()),
		field.Time("removed_at").Optional().Nillable().Annotations(entgql.Skip()),
	}
}

func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("memberships").
			Field("account_id").Unique().Required().Immutable(),
		edge.From("site", Site.Type).Ref("memberships").
			Field("site_id").Unique().Required().Immutable(),
		edge.From("groups", Group.Type).Ref("members").Annotations(entgql.Skip()),
	}
}

func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		// One current membership per (account, site); removed ones are kept for history.
		index.Fields("account_id", "site_id").Unique().Annotations(entsql.IndexWhere("removed_at IS NULL")),
		index.Fields("site_id", "status"),
		index.Fields("site_id", "last_active_key", "id"),
		index.Fields("site_id", "name_key", "id"),
		index.Fields("site_id", "email_key", "id"),
	}
}

func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
