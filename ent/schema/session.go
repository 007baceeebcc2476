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

// Session is a signed-in browser session. Only a hash of its token is stored, so a
// database copy cannot be used to sign in; every server process shares the table.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin { return []ent.Mixin{createdMixin{}} }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("token_hash").Unique().Immutable().Sensitive(),
		field.String("account_id").GoType(gid.ID("")).Immutable(),
		field.Time("last_seen_at"),
		field.Time("expires_at").Immutable(),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("sessions").Field("account_id").Unique().Required().Immutable(),
	}
}

func (Session) Indexes() []ent.Index { return []ent.Index{index.Fields("account_id")} }

func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
