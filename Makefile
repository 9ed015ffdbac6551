# Everything a fresh machine needs: Python 3.12 and make.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
MANAGE := $(BIN)/python manage.py

.PHONY: setup run test lint typecheck messages bench-crypto bench-access bench-read-models bench-speed bench-load clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

# Installs exactly what uv.lock pins and compiles the message catalogues.
setup: $(BIN)/uv
	$(BIN)/uv sync --locked --quiet
	$(BIN)/pybabel -q compile -d locale -D django
	@mkdir -p var

# The demo's web server: gunicorn as in production (deploy/gunicorn.conf.py), with 2 worker
# processes of 8 threads each on the SQLite database; DEBUG off unless DJANGO_DEBUG=true,
# which also reloads on code changes. bench/load.py starts the same command line.
DEMO_BIND ?= 127.0.0.1:8000
DEMO_SERVER = DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} \
	GUNICORN_BIND=$(DEMO_BIND) WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} \
	GUNICORN_THREADS=$${GUNICORN_THREADS:-8} \
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py $(if $(filter true,$(DJANGO_DEBUG)),--reload) \
	config.wsgi

# The web server, a worker and the scheduler in one terminal; Ctrl-C stops all three.
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; \
	$(MANAGE) db_worker --queue-name '*' --interval 0.5 --no-reload & \
	$(MANAGE) run_schedule & \
	$(DEMO_SERVER)

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy .

# Re-extracts the UI strings (needs GNU gettext); translate the new entries in locale/*/django.po.
messages: setup
	$(MANAGE) makemessages -l nl -l en --no-location --no-obsolete -i ".venv/*" -i "var/*"

# The benchmarks measure PostgreSQL: DATABASE_URL names the server (default: the local one).
BENCH_DB := $${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}

bench-crypto: setup
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/crypto.py

bench-access: setup
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/access.py $(ARGS)

bench-read-models: setup
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/read_models.py $(ARGS)

# The access log at scale (issue 19): writing, paging, verifying. ARGS="--scale 0.01" for a quick look.
bench-speed: setup
	DATABASE_URL=$(BENCH_DB) $(BIN)/python bench/speed.py $(ARGS)

# The demo under load: starts `make run` itself (SQLite, a free port), 1 then 16 clients.
bench-load: setup
	$(BIN)/python bench/load.py $(ARGS)

clean:
	rm -rf $(VENV) var/test-artifacts
