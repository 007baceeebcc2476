package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// SignInThrottle counts failed sign-ins for one key (an account's email or a client
// address) in the current window. It lives in the database so that every server
// process shares the limit.
type SignInThrottle struct{ ent.Schema }

func (SignInThrottle) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").Unique().Immutable(),
		field.Time("window_start"),
		field.Int("failures"),
	}
}

func (SignInThrottle) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
