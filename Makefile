# orgdir: `make run` builds everything and starts orgdir with demo data; `make test`
# runs every check CI runs.
GO ?= go
BIN := bin/orgdir
ADDR ?= 127.0.0.1:8080
DB ?= sqlite:./data/orgdir.db

.PHONY: run build frontend generate check-generated vet test test-go migration

run: build
	$(BIN) serve --demo --addr $(ADDR) --db $(DB)

build: frontend
	$(GO) build -o $(BIN) .

# The admin app is built into frontend/dist and embedded in the binary.
frontend:
	@if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build; else echo "no frontend yet"; fi

generate:
	$(GO) generate ./...

# Fails when regenerating ent and gqlgen code changes anything.
check-generated: generate
	@if [ -n "$$(git status --porcelain -- ent graph gqlgen.yml go.mod go.sum)" ]; then \
		echo "generated code is stale; run 'make generate' and commit:"; git status --porcelain -- ent graph gqlgen.yml go.mod go.sum; exit 1; fi

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -race -count=1 ./...

test: check-generated vet test-go

# make migration name=add_something: plan a new SQLite migration from ent/schema.
migration:
	$(GO) run ./migrations/plan.go $(name)
