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

// Account is one person's identity across the whole platform.
type Account struct{ ent.Schema }

func (Account) Mixin() []ent.Mixin { return []ent.Mixin{withID("acc"), createdMixin{}} }

// hidden keeps a column out of the GraphQL types and inputs.
var hidden = entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty(),
		// email_key is the normalized address; it is unique and drives EMAIL order and prefix search.
		field.String("email_key").NotEmpty().Unique().
			Annotations(hidden, entgql.OrderField("EMAIL")),
		// email_domain is the domain of email_key: claiming a domain finds its accounts by it.
		field.String("email_domain").NotEmpty().Annotations(hidden),
		field.String("name"),
		// name_key is the lower-cased name: NAME order and prefix search, byte-compared on every database.
		field.String("name_key").Annotations(hidden, entgql.OrderField("NAME")),
		field.String("nickname").Optional(),
		field.String("job_title").Optional(),
		field.String("department").Optional(),
		field.String("organization").Optional(),
		field.String("location").Optional(),
		field.String("time_zone").Optional(),
		field.Enum("status").Values("ACTIVE", "DEACTIVATED", "PENDING_DELETION", "DELETED").Default("ACTIVE").
			Annotations(entgql.Type("AccountStatus")),
		field.String("managing_org_id").GoType(gid.ID("")).Optional().Nillable().Annotations(entgql.Skip()),
		field.String("policy_id").GoType(gid.ID("")).Optional().Nillable().Annotations(entgql.Skip()),
		field.Bool("two_step_verification").Default(false),
		field.Bool("provisioned").Default(false),
		field.Time("last_active_at").Optional().Nillable(),
		// last_active_key is last_active_at as Unix seconds, 0 for never: keyset cursors need a non-null key.
		field.Int64("last_active_key").Default(0).Annotations(hidden, entgql.OrderField("LAST_ACTIVE")),
		field.Time("deactivated_at").Optional().Nillable(),
		field.String("deactivation_message").Optional().Nillable(),
		field.Time("deletion_scheduled_for").Optional().Nillable(),
		// has_site_access: a current membership on a site of the managing org (stats without scans).
		field.Bool("has_site_access").Default(false).Annotations(entgql.Skip()),
		field.String("password_hash").Optional().Sensitive().Annotations(entgql.Skip()),
	}
}

func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("managing_org", Organization.Type).Ref("managed_accounts").
			Field("managing_org_id").Unique().Annotations(entgql.Skip()),
		edge.From("authentication_policy", AuthenticationPolicy.Type).Ref("accounts").
			Field("policy_id").Unique(),
		edge.To("memberships", Membership.Type).Annotations(entgql.Skip()),
		edge.To("devices", Device.Type).Annotations(entgql.Skip()),
		edge.To("api_tokens", ApiToken.Type).Annotations(entgql.Skip()),
		edge.To("admin_roles", AdminRole.Type).Annotations(entgql.Skip()),
		edge.To("sessions", Session.Type).Annotations(entgql.Skip()),
		edge.To("org_users", OrgUser.Type).Annotations(entgql.Skip()),
		edge.To("suggestions", AccountSuggestion.Type).Annotations(entgql.Skip()),
	}
}

func (Account) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("managing_org_id", "status"),
		// The NAME and EMAIL orders' indexes also hold the other key, so a searched page
		// tests both keys in the index entries it walks, reading only the rows that match
		// (internal/db/search.go).
		index.Fields("managing_org_id", "name_key", "id", "email_key"),
		index.Fields("managing_org_id", "email_key", "id", "name_key"),
		index.Fields("managing_org_id", "last_active_key", "id"),
		index.Fields("name_key"),
		index.Fields("email_domain"),
		index.Fields("status", "deletion_scheduled_for"),
	}
}

func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
