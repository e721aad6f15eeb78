# Two commands for a newcomer: `make run` serves the site, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test check lint editor seed benchmark profile reliability clean backup restore fuzz lighthouse

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Tests run on every core (pytest-xdist), each worker on its own copy of one seeded database;
# the browser tests share one worker and one site. PYTEST_ARGS adds options (a file, -k, -x).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

# Everything: lint, migrations, and the whole suite, slow end-to-end tests included.
test: lint
	$(PYTEST) --durations=20 $(PYTEST_ARGS)

# The edit loop: lint and the fast tests (all but those marked slow), in about two minutes; each
# property test draws a quarter of its examples, and each matrix (every door × every payload)
# runs the cases that give every door and every payload at least once. The schemathesis module
# is all slow tests and takes seconds just to collect.
check: lint
	HYPOTHESIS_SCALE=0.25 TEST_MATRICES=covering $(PYTEST) -m "not slow" \
		--ignore=tests/api/test_schema_fuzz.py $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

editor: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createeditor

seed: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ rm -rf $(VENV); echo "Could not create $(VENV): on Debian, apt-get install python3-venv"; exit 1; }

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Long generated-input runs: schemathesis over the whole API schema, anonymous and with an
# editor's token (FUZZ_EXAMPLES per operation), and the property tests (PROPERTY_EXAMPLES each).
# The requests each operation got go to var/fuzz-report.txt. Hours on SQLite.
FUZZ_EXAMPLES ?= 1000
PROPERTY_EXAMPLES ?= $(FUZZ_EXAMPLES)
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=fuzz SCHEMATHESIS_EXAMPLES=$(FUZZ_EXAMPLES) \
		HYPOTHESIS_EXAMPLES=$(PROPERTY_EXAMPLES) FUZZ_REPORT=var/fuzz-report.txt \
		$(BIN)/pytest --hypothesis-show-statistics \
		tests/api/test_schema_fuzz.py tests/properties; status=$$?; cat var/fuzz-report.txt; exit $$status

# The side-by-side benchmark at 1e6 trade figures (PostgreSQL, Redis, wrk): docs/performance.md.
benchmark: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py

# Where a request's time goes, in process and uncached: `make profile` prints the table of every
# target; `make profile URL=/en/projects/` splits one address by layer and writes its call tree
# under var/profile/.
profile: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/profile.py $(URL)

# Lighthouse's four scores for every kind of page, phone and desktop, against the seed content
# served as in production (docs/frontend.md). Needs npm and Debian's chromium; about half an hour.
FRONTEND_CHECKS := frontend-checks/node_modules/.installed
$(FRONTEND_CHECKS): frontend-checks/package-lock.json
	npm ci --prefix frontend-checks --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(VENV)/.installed-dev $(FRONTEND_CHECKS)
	$(BIN)/python frontend-checks/lighthouse.py $(PAGES)

# Faults under load (PostgreSQL restart, Redis stop, kill -9, writes, soak): docs/operations.md.
reliability: $(VENV)/.installed-dev
	$(BIN)/python reliability/run.py

# One archive of the database and the media under var/backups/ (docs/operations.md).
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup

# make restore BACKUP=var/backups/tracker-….tar.gz [FORCE=1 to replace a database with content]
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Name the archive: make restore BACKUP=var/backups/<file>.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore $(if $(FORCE),--force) "$(BACKUP)"

clean:
	rm -rf $(VENV) var/db.sqlite3 var/test-cache
