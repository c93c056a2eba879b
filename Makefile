# Kring — two commands: `make run` and `make test`. Everything else is installed by these.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO ?= 1
export DJANGO_SETTINGS_MODULE := kring.settings

.PHONY: run test lint typecheck install install-dev messages migrate demo browser bench-formation bench-web bench-encryption bench-servers bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Kring needs Python 3.11 or newer"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: install python3-venv (Debian: apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: install
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null); } || { echo "msgfmt is missing: install gettext"; exit 1; }
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate messages
	@if [ "$(DEMO)" != "0" ]; then $(BIN)/python manage.py load_demo; fi

run: demo
	$(BIN)/python -m kring serve --host $(HOST) --port $(PORT)

# Debian's chromium is the browser the tests drive (Playwright 1.64.1, no downloaded browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'"; exit 1; fi; fi
	@ldconfig -p | grep -q libpango-1.0 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; } || { echo "PDF tests need Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

lint: install-dev
	$(BIN)/ruff check .

typecheck: install-dev
	$(BIN)/mypy kring bench conftest.py

test: install-dev messages browser lint typecheck
	@mkdir -p var
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench-formation: install
	$(BIN)/python bench/formation.py $(BENCH_ARGS)

# The ASGI servers side by side (docs/deploy.md); the other servers only for this comparison.
bench-servers: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "bench-servers needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m pip install --quiet gunicorn==27.0.1 uvicorn-worker==0.4.0 granian==2.8.7
	$(BIN)/python bench/servers.py $(BENCH_ARGS)

bench-web: install
	$(BIN)/python bench/web.py $(BENCH_ARGS)

bench-encryption: install
	$(BIN)/python bench/encryption.py

bench: bench-formation bench-web bench-encryption

clean:
	rm -rf $(VENV) var .secret_key
