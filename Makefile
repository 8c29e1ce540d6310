# Two commands for a newcomer: `make demo` (the live sample app) and `make test` (every test tier).
# Each installs what it needs: a virtualenv, the Python packages, the Node packages (Pyodide, Preact,
# the naughty-strings corpus), Debian's Chromium for the browser tests, and a local Pyodide copy.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo demo-django test test-unit test-pyodide test-e2e bench install venv node chromium pyodide clean

demo: venv pyodide ## serve the Starlette sample project on http://127.0.0.1:8000
	$(PY) -m uvicorn sample_projects.starlette_todo.app:app --host $(HOST) --port $(PORT)

demo-django: venv pyodide ## serve the Django sample project under uvicorn (ASGI)
	cd sample_projects/django_todo && ../../$(PY) manage.py migrate --noinput >/dev/null && \
	  ../../$(PY) -m uvicorn django_todo.asgi:application --host $(HOST) --port $(PORT)

test: install ## run every tier: unit, property, security corpus, Pyodide, end-to-end
	$(PY) -m pytest $(PYTEST_ARGS)

test-unit: venv node
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

test-pyodide: venv node pyodide
	$(PY) -m pytest tests/pyodide $(PYTEST_ARGS)

test-e2e: install
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: install ## every benchmark, side by side; tables go to benchmarks/README.md by hand
	$(PY) benchmarks/ssr.py
	$(PY) benchmarks/reconcile.py
	$(PY) benchmarks/actions.py
	$(PY) benchmarks/client/run.py

install: venv node chromium pyodide

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml setup.cfg
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[django,starlette,test,dev]"
	touch $@

node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

pyodide: venv
	$(PY) -m pickle_reactor pyodide fetch

clean:
	rm -rf $(VENV) node_modules .cache .pytest_cache .hypothesis
