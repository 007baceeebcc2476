package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"orgdir/internal/gid"
)

// idMixin gives an entity an opaque id with its type prefix (see internal/gid).
type idMixin struct {
	mixin.Schema
	prefix string
}

func withID(prefix string) idMixin { return idMixin{prefix: prefix} }

func (m idMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").
			GoType(gid.ID("")).
			DefaultFunc(func() gid.ID { return gid.New(m.prefix) }).
			Immutable(),
	}
}

// createdMixin records when a row was created.
type createdMixin struct{ mixin.Schema }

func (createdMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}
