# Two commands do all of the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

.PHONY: run test bench lint messages clean chromium

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# `make run` installs only what the app needs to run; `make test`, `make lint` and `make bench` add
# the test extras (pytest, Playwright, ruff, mypy). Each stamp is redone when pyproject.toml changes.
RUN_STAMP := $(VENV)/.installed-run

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data --once
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) chromium
	.ci/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# The browser tests (tests/e2e) drive Debian's Chromium. Missing: installed with apt as root;
# where that cannot be done they are skipped with a loud banner, and the rest of the suite runs.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests: apt-get install -y chromium"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q -o DPkg::Lock::Timeout=120 chromium >/dev/null 2>&1 \
	      || { apt-get update -q >/dev/null && apt-get install -y -q -o DPkg::Lock::Timeout=120 chromium >/dev/null; } \
	      || echo "WARNING: could not install Chromium: the browser tests will be skipped." >&2; \
	  else \
	    echo "WARNING: no Chromium at $(CHROMIUM), and installing it needs root and apt-get:" \
	         "the browser tests will be skipped." >&2; \
	  fi; \
	fi

# Two sessions, each on a fresh test database: PDFs, notice and purge first (the purge on a database
# of its own), then the million-client scale run, which continues the same results table.
BENCH_PG = -c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=30min
# Clients handed over by 1, then by 2 worker processes (issue 23: peak RSS per worker after 5,000).
BENCH_HANDOFFS ?= 5000
bench: $(STAMP)
	BENCH=1 BENCH_HANDOFFS=$(BENCH_HANDOFFS) PG_OPTIONS="$(BENCH_PG)" .ci/with-postgres sh -c '\
	  $(PY) -m pytest tests/benchmarks --ignore=tests/benchmarks/test_bench_scale.py -p no:cacheprovider -q -s $(PYTEST_ARGS) \
	  && BENCH_CONTINUE=1 $(PY) -m pytest tests/benchmarks/test_bench_scale.py -p no:cacheprovider -q -s $(PYTEST_ARGS)'

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

# Re-extract and compile translations (needs GNU gettext; the .mo files are committed).
messages: $(STAMP)
	$(PY) manage.py makemessages -l fi -l sv -l en --ignore='.venv/*' --ignore='.tmp/*'
	$(PY) manage.py compilemessages --ignore='.venv/*'

clean:
	rm -rf .tmp staticfiles
