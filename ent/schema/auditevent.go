package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"orgdir/internal/gid"
)

// AuditEvent is an append-only record of one change to one object.
type AuditEvent struct{ ent.Schema }

func (AuditEvent) Mixin() []ent.Mixin { return []ent.Mixin{withID("aud")} }

func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id").GoType(gid.ID("")).Immutable().Annotations(entgql.Skip()),
		field.Time("time").Default(time.Now).Immutable(),
		field.Enum("actor_type").Values("ACCOUNT", "API_KEY", "SYSTEM").Immutable().
			Annotations(entgql.Type("AuditActorType")),
		field.String("actor_id").GoType(gid.ID("")).Optional().Nillable().Immutable(),
		// actor_label and target_label are the only personal data here; erased when an account is deleted.
		field.String("actor_label"),
		field.String("action").Immutable(),
		field.String("target_type").Immutable(),
		field.String("target_id").GoType(gid.ID("")).Optional().Nillable().Immutable(),
		field.String("target_label"),
		// account_id is the account the event is about (the target, or a membership's
		// account): the account's history, and what its deletion erases.
		field.String("account_id").GoType(gid.ID("")).Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.JSON("details", map[string]any{}).Optional().Annotations(entgql.Skip()),
	}
}

func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("org_id", "id"),
		index.Fields("target_id"),
		index.Fields("actor_id"),
		index.Fields("account_id", "id"),
	}
}

func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
