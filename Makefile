# Công Vụ: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The test suite runs against real services on this machine (see README).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/congvu
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15

.PHONY: demo test machine lint format messages check-deploy backup restore

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

## Install, migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, tasks in-process).
demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## The machine first (Debian packages installed or named, PostgreSQL and Redis answering,
## docker-compose.yml valid: scripts/test-machine.sh), then lint, then the whole suite on
## PostgreSQL, Redis, a Celery worker and headless Chromium.
test: machine $(VENV)/.installed lint
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(VENV)/bin/pytest $(PYTEST_ARGS)

## Check (and where allowed, install or start) what the suite needs from the machine.
machine:
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_BROKER_URL=$(TEST_BROKER_URL) bash scripts/test-machine.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Refresh the translation catalogues (English msgids, Vietnamese and English catalogues).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi -e html,txt,py --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: $(VENV)/.installed
	DJANGO_DEBUG=0 SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
		DJANGO_ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING

## Back up PostgreSQL (DATABASE_URL) and the uploaded files into backups/<timestamp>/.
backup: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:?set DATABASE_URL} $(PY) manage.py backup --to backups

## Restore the newest backup (or BACKUP=backups/<timestamp>) over DATABASE_URL and MEDIA_ROOT.
restore: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:?set DATABASE_URL} $(PY) manage.py restore $(BACKUP)

## PDF benchmark: median build time of a 3- and a 30-page conclusion notice, each as a ratio to a
## one-page WeasyPrint baseline measured in the same run, then PDFs per minute. It uses the same
## variables as `make test`: DATABASE_URL=$(TEST_DATABASE_URL) and
## CELERY_BROKER_URL=$(TEST_BROKER_URL). If a Celery worker on that broker and database answers
## a ping, the throughput is measured through it (its rows are deleted afterwards); otherwise
## in-process with os.cpu_count() processes, and the output says so.
## BENCH_ARGS: --repeat N, --pdfs N, --in-process.
.PHONY: bench-pdf
bench-pdf: $(VENV)/.installed
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(PY) manage.py bench_pdf $(BENCH_ARGS)

## Load test (README, "Load test"): gunicorn on 127.0.0.1 against DATABASE_URL (a PostgreSQL database
## seeded by seed_scale, or seed_demo), 50 people signed in for 60 s of pages and API calls; prints
## requests per second, p50/p95/p99 latency and the error count. LOAD_USERS, LOAD_DURATION,
## LOAD_PASSWORD, LOAD_WORKERS… are described in bench/loadtest/run.sh.
.PHONY: load
load: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:?set DATABASE_URL to a seeded PostgreSQL database} bash bench/loadtest/run.sh

## Scale benchmark (README, "Scale benchmark"): migrate BENCH_DATABASE_URL (create the database
## first), build the synthetic country there unless it is already there (seed_scale, SCALE=1 is
## 100,000 visits and 1,000,000 findings), then print the table of `manage.py bench`.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/congvu_scale
SCALE ?= 1
RUNS ?= 20
.PHONY: bench
bench: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_scale --scale $(SCALE) --if-missing
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench --runs $(RUNS) $(SCALE_BENCH_ARGS)

## API fuzzing with every schemathesis check (schema conformance included); `make test` runs
## the same fuzzing with the "no server error" check.
.PHONY: fuzz
fuzz: $(VENV)/.installed
	FUZZ_CHECKS=all DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(VENV)/bin/pytest -m fuzz tests/test_api_fuzz.py
