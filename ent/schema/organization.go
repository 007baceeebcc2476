package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Organization is a customer company.
type Organization struct{ ent.Schema }

func (Organization) Mixin() []ent.Mixin { return []ent.Mixin{withID("org"), createdMixin{}} }

func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty(),
		field.Enum("user_management").Values("ORIGINAL", "CENTRALIZED").
			Annotations(entgql.Type("UserManagement")),
	}
}

func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("domains", Domain.Type).Annotations(entgql.Skip()),
		edge.To("sites", Site.Type).Annotations(entgql.Skip()),
		edge.To("authentication_policies", AuthenticationPolicy.Type).Annotations(entgql.Skip()),
		edge.To("managed_accounts", Account.Type).Annotations(entgql.Skip()),
		edge.To("admin_roles", AdminRole.Type).Annotations(entgql.Skip()),
		edge.To("api_keys", ApiKey.Type).Annotations(entgql.Skip()),
	}
}

func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
