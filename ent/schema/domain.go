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

// Domain is an email domain an organization claims; it covers exactly that name.
type Domain struct{ ent.Schema }

func (Domain) Mixin() []ent.Mixin { return []ent.Mixin{withID("dom"), createdMixin{}} }

func (Domain) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.String("name").NotEmpty().Immutable(),
		field.Enum("status").Values("UNVERIFIED", "VERIFIED").Default("UNVERIFIED").
			Annotations(entgql.Type("DomainStatus")),
		field.Enum("method").Values("DNS_TXT", "HTTPS_FILE").Optional().Nillable().
			Annotations(entgql.Type("DomainVerificationMethod")),
		field.String("token").NotEmpty().Sensitive().Annotations(entgql.Skip()),
		field.Time("verified_at").Optional().Nillable(),
		field.Time("claimed_at").Optional().Nillable(),
		field.Time("last_checked_at").Optional().Nillable(),
		field.String("last_check_error").Optional().Nillable(),
		// failing_since is the first failed re-check of a verified domain since its last
		// successful one; the domain lapses 7 days later (PRODUCT.md §5).
		field.Time("failing_since").Optional().Nillable().Annotations(entgql.Skip()),
	}
}

func (Domain) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("domains").
			Field("org_id").Unique().Required().Immutable().Annotations(entgql.Skip()),
	}
}

func (Domain) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "name").Unique(),
		// One verifying organization per domain.
		index.Fields("name").Unique().Annotations(entsql.IndexWhere("status = 'VERIFIED'")),
	}
}

func (Domain) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
