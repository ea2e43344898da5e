# Two commands do all of the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data --once
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	.ci/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	BENCH=1 .ci/with-postgres $(PY) -m pytest tests/benchmarks -p no:cacheprovider -q -s $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .

# Re-extract and compile translations (needs GNU gettext; the .mo files are committed).
messages: $(STAMP)
	$(PY) manage.py makemessages -l fi -l sv -l en --ignore='.venv/*' --ignore='.tmp/*'
	$(PY) manage.py compilemessages --ignore='.venv/*'

clean:
	rm -rf .tmp staticfiles
