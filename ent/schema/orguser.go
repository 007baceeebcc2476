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

// OrgUser is a row of a centralized organization's Users page: one account across all
// the organization's sites, with its aggregate status (ACTIVE if active on any site,
// else INVITED if invited to any, else SUSPENDED). It is kept in step with the
// account's memberships in the same transaction, so the page lists and counts from an
// index instead of grouping memberships on every request.
type OrgUser struct{ ent.Schema }

func (OrgUser) Mixin() []ent.Mixin { return []ent.Mixin{withID("ous")} }

func (OrgUser) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("account_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.Enum("status").Values("ACTIVE", "INVITED", "SUSPENDED").
			Annotations(entgql.Type("MembershipStatus"), entgql.OrderField("STATUS")),
		// Copies of the account's keys, for ordering and prefix search within the org.
		field.String("name_key").Annotations(hidden, entgql.OrderField("NAME")),
		field.String("email_key").Annotations(hidden, entgql.OrderField("EMAIL")),
		// managed: the organization manages the account (the Managed/External filter).
		field.Bool("managed").Annotations(entgql.Skip()),
		field.Time("last_active_at").Optional().Nillable(),
		field.Int64("last_active_key").Default(0).Annotations(hidden, entgql.OrderField("LAST_ACTIVE")),
		// products the row is counted under in the organization's product counters (the
		// products its groups grant, comma-separated), so that a change knows what to move.
		field.String("products").Default("").Annotations(entgql.Skip()),
	}
}

func (OrgUser) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("org_users").Field("account_id").Unique().Required().Immutable(),
	}
}

func (OrgUser) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "account_id").Unique(),
		index.Fields("org_id", "name_key", "id"),
		index.Fields("org_id", "email_key", "id"),
		index.Fields("org_id", "last_active_key", "id"),
		index.Fields("org_id", "status", "id"),
	}
}

func (OrgUser) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// UserStatCell counts the users of a site (one per membership) or of an organization
// (one per account, by aggregate status) with one status.
type UserStatCell struct{ ent.Schema }

func (UserStatCell) Fields() []ent.Field {
	return []ent.Field{
		// scope_id is a site id or an organization id.
		field.String("scope_id"),
		field.String("status"),
		field.Int64("count"),
	}
}

func (UserStatCell) Indexes() []ent.Index {
	return []ent.Index{index.Fields("scope_id", "status").Unique()}
}

func (UserStatCell) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
