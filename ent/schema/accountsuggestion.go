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

// AccountSuggestion is a change an admin suggested for an account its organization does
// not manage (rule 6). It changes nothing; the account's managing organization sees it.
type AccountSuggestion struct{ ent.Schema }

func (AccountSuggestion) Mixin() []ent.Mixin { return []ent.Mixin{withID("sug"), createdMixin{}} }

func (AccountSuggestion) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		// from_org_id is the organization whose admin suggested the change.
		field.String("from_org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("suggested_by_label").Immutable(),
		field.JSON("changes", map[string]string{}).Immutable().Annotations(entgql.Skip()),
	}
}

func (AccountSuggestion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("suggestions").Field("account_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
	}
}

func (AccountSuggestion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id")}
}

func (AccountSuggestion) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)}
}
