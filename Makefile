# orgdir: `make run` builds everything and starts orgdir with demo data; `make test`
# runs every check CI runs.
GO ?= go
BIN := bin/orgdir
ADDR ?= 127.0.0.1:8080
DB ?= sqlite:./data/orgdir.db

.PHONY: run build frontend generate check-generated vet test test-go test-postgres test-crash soak fuzz migration \
	test-frontend check-frontend-generated e2e chromium bench fuzz-short seed

run: build
	$(BIN) serve --demo --addr $(ADDR) --db $(DB)

# A large directory (README, Large datasets), for example:
#   make seed DB=sqlite:/tmp/big.db ACCOUNTS=1000000
ACCOUNTS ?= 100000
seed:
	$(GO) build -o $(BIN) .
	$(BIN) seed --db $(DB) --accounts $(ACCOUNTS)

build: frontend
	$(GO) build -o $(BIN) .

# The admin app is built into frontend/dist and embedded in the binary. `npm run build`
# runs GraphQL codegen and tsc first, so a schema change that breaks the app fails here.
frontend: node_modules/.package-lock.json
	npm run build

# npm ci only when node_modules is missing or package-lock.json changed (npm ci writes
# node_modules/.package-lock.json).
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium for the end-to-end tests, installed only when missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then apt-get update && apt-get install -y chromium; fi

# Frontend unit tests (Vitest + Testing Library in jsdom, frontend/src/**/*.spec.tsx).
test-frontend: node_modules/.package-lock.json
	npm test

# Fails when the committed frontend/src/gql differs from what codegen makes of graph/*.graphqls.
check-frontend-generated: node_modules/.package-lock.json
	npm run codegen
	@if [ -n "$$(git status --porcelain -- frontend/src/gql)" ]; then \
		echo "frontend/src/gql is stale; run 'npm run codegen' and commit:"; git status --porcelain -- frontend/src/gql; \
		git diff --stat -- frontend/src/gql; exit 1; fi

# End-to-end: Chromium against the built binary (bin/orgdir serve --demo on a temp database).
e2e: build chromium
	npm run e2e

generate:
	$(GO) generate ./...

# Fails when regenerating ent and gqlgen code changes anything.
check-generated: generate
	@if [ -n "$$(git status --porcelain -- ent graph gqlgen.yml go.mod go.sum)" ]; then \
		echo "generated code is stale; run 'make generate' and commit:"; git status --porcelain -- ent graph gqlgen.yml go.mod go.sum; exit 1; fi

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -race -count=1 -timeout 30m ./...

# SIGKILLs orgdir serve 20 times under mutations and checks the SQLite file each time
# (crash_test.go), and cancels the job runner mid-work (internal/jobs). Without -race:
# both run SQLite in the test process, about 50 times slower under the race detector.
test-crash:
	$(GO) test -count=1 -run 'TestSIGKILLLosesNoAcknowledgedChange' .
	$(GO) test -count=1 -run 'TestRunStopsAtASafePointWhenCancelled' ./internal/jobs

test: check-generated vet check-frontend-generated test-frontend test-go test-postgres test-crash fuzz-short e2e

# Not in make test: ten minutes of steady mixed reads and writes against bin/orgdir serve
# on SQLite, sampling RSS, goroutines, descriptors and connections (table in docs/SOAK.md;
# SOAK_DURATION=1m to try it), then 100 SIGKILL rounds of the crash test. bin/orgdir is
# built with go alone: the soak does not load the admin app.
SOAK_DURATION ?= 10m
soak:
	$(GO) build -o $(BIN) .
	SOAK_DURATION=$(SOAK_DURATION) ORGDIR_BINARY=$(BIN) ORGDIR_SOAK_REPORT=$(CURDIR)/docs/SOAK.md \
		$(GO) test -count=1 -timeout 60m -run '^TestSoak$$' -v .
	ORGDIR_BINARY=$(BIN) ORGDIR_CRASH_ROUNDS=100 $(GO) test -count=1 -timeout 60m -run '^TestSIGKILLLosesNoAcknowledgedChange$$' -v .

# Every fuzz target, as package:Name; seed corpora live in <package>/testdata/fuzz/<Name>
# and run as ordinary tests in test-go. go test mutates one target per invocation.
FUZZ_TARGETS := ./internal/httpserver:FuzzGraphQLHandler ./internal/directory:FuzzNormalizeEmail \
	./internal/domains:FuzzNormalizeName ./internal/page:FuzzCursorDecode ./internal/page:FuzzCursorRoundTrip \
	./internal/export:FuzzCSVCell
FUZZTIME ?= 60s

# Mutates each target's corpus for FUZZTIME (a minute each by default); a failing input
# is written to its testdata/fuzz folder: commit it as a new seed with the fix.
# Go 1.26's fuzzing coordinator can fail a run at the -fuzztime deadline with its own
# "context deadline exceeded" and no failing input (go.dev/issue/75804, fixed in Go 1.27;
# seen in CI on 2026-12-07 under load): that alone is not a finding. Any other failure is.
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t#*:} in $${t%%:*} for $(FUZZTIME)"; \
		log=$$(mktemp); \
		if $(GO) test $${t%%:*} -run='^$$' -fuzz="^$${t#*:}\$$" -fuzztime=$(FUZZTIME) > $$log 2>&1; then \
			cat $$log; \
		else \
			cat $$log; \
			if grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log; then \
				echo "fuzz $${t#*:}: the coordinator's deadline at -fuzztime, no failing input (go.dev/issue/75804): not a finding"; \
			else \
				rm -f $$log; exit 1; \
			fi; \
		fi; \
		rm -f $$log; \
	done

# The same, five seconds each: part of make test.
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5s

# make migration name=add_something: plan a new SQLite migration from ent/schema.
migration:
	$(GO) run ./migrations/plan.go $(name)

# The Go suite on PostgreSQL, without -race (ENGINEERING.md: -race on the SQLite run only).
# Each test creates its own database on 127.0.0.1:5432 and drops it when it ends, failed
# or not; the run's names start with orgdir_test_<run id>, so whatever a killed test
# binary left behind is dropped afterwards without touching other runs on the server.
# The local server is started when it does not answer; no server is a clear failure.
# -timeout 30m: graph alone takes 4 to 10 minutes here, more than go test's default 10m
# allows when the machine is busy.
PG_HOST := 127.0.0.1
PG_PORT := 5432
test-postgres:
	@pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null || \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql 2>/dev/null) main start || true
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null && exit 0; sleep 1; done; \
		echo "make test-postgres: no PostgreSQL answers on $(PG_HOST):$(PG_PORT), and starting the local cluster" \
			"(pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start) did not help" >&2; exit 1
	@run=r$$(date +%s)_$$$$; status=0; \
	ORGDIR_TEST_DB=postgres ORGDIR_TEST_POSTGRES=postgres://postgres@$(PG_HOST):$(PG_PORT)/postgres ORGDIR_TEST_RUN=$$run \
		$(GO) test -count=1 -timeout 30m ./... || status=$$?; \
	for d in $$(psql -h $(PG_HOST) -p $(PG_PORT) -U postgres -d postgres -Atc \
			"SELECT datname FROM pg_database WHERE starts_with(datname, 'orgdir_test_$$run')"); do \
		echo "dropping $$d, left behind by this run"; \
		psql -h $(PG_HOST) -p $(PG_PORT) -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $$d WITH (FORCE)"; \
	done; \
	exit $$status

# Issue 7's benchmarks (not part of `make test`): builds bin/orgdir (Go only, no SPA), starts
# the local PostgreSQL when down, and runs bench/ against SQLite and PostgreSQL at 1M accounts
# with a baseline measured in the same run; writes BENCHMARKS.md. The seeded SQLite file is
# cached in /tmp/orgdir-bench (--data-dir). A quicker run of one workload, for example:
#   make bench BENCH_FLAGS='--db sqlite --accounts 100000 --duration 3s --workloads W2'
BENCH_FLAGS ?=
bench:
	$(GO) build -o $(BIN) .
	@pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	$(GO) run ./bench --bin $(BIN) $(BENCH_FLAGS)
