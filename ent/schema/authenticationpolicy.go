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

// AuthenticationPolicy holds the security settings an org applies to its managed accounts.
type AuthenticationPolicy struct{ ent.Schema }

func (AuthenticationPolicy) Mixin() []ent.Mixin { return []ent.Mixin{withID("pol"), createdMixin{}} }

func (AuthenticationPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("name").NotEmpty(),
		field.Bool("billable").Default(true),
		field.Bool("is_default").Default(false),
		field.Bool("enforce_sso").Default(false),
		field.Bool("enforce_two_step").Default(false),
		field.Enum("password_strength").Values("LOW", "MEDIUM", "STRONG").Default("MEDIUM").
			Annotations(entgql.Type("PasswordStrength")),
		// password_expiry_days: 0 means passwords never expire.
		field.Int("password_expiry_days").Default(0).NonNegative(),
		field.Int("idle_session_minutes").Default(60 * 24 * 30).Positive(),
	}
}

func (AuthenticationPolicy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("authentication_policies").
			Field("org_id").Unique().Required().Immutable().Annotations(entgql.Skip()),
		edge.To("accounts", Account.Type).Annotations(entgql.Skip()),
	}
}

func (AuthenticationPolicy) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "name").Unique()}
}

func (AuthenticationPolicy) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
