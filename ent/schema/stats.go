package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AccountStatCell counts an organization's managed accounts that share one combination
// of the attributes the Managed accounts stats depend on. Every change to those
// attributes moves one count from the old cell to the new one in the same transaction,
// so stats are a sum over a handful of rows, never a scan of the accounts.
type AccountStatCell struct{ ent.Schema }

func (AccountStatCell) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id"),
		// policy_id is "" for accounts without a policy.
		field.String("policy_id"),
		field.String("status"),
		field.Bool("two_step"),
		field.Bool("site_access"),
		field.Int64("count"),
	}
}

func (AccountStatCell) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "policy_id", "status", "two_step", "site_access").Unique()}
}

func (AccountStatCell) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// AccountActivityDay counts an organization's managed accounts by the day they were
// last active (day 0: never), for the last-active buckets.
type AccountActivityDay struct{ ent.Schema }

func (AccountActivityDay) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_id"),
		field.Int64("day"),
		field.Int64("count"),
	}
}

func (AccountActivityDay) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_id", "day").Unique()}
}

func (AccountActivityDay) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
