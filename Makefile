# Two commands for a newcomer: `make demo` (the live sample app) and `make test` (every test tier).
# Each installs what it needs: a virtualenv, the Python packages, the Node packages (Pyodide, Preact,
# the naughty-strings corpus), Debian's Chromium, Firefox ESR and WebKitGTK (with Xvfb) for the browser
# tests, and a local Pyodide copy.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000
# Django 6 needs Python >= 3.12 while the main venv may be older: a second venv for the Django adapter's
# tests, built from the newest Python >= 3.12 on PATH or under pyenv. Found lazily (only when a target
# asks), once per make run; empty when the machine has none.
DJANGO6_VENV := .venv-django6
DJANGO6_PY := $(DJANGO6_VENV)/bin/python
PY312 = $(eval PY312 := $(shell for c in python3.14 python3.13 python3.12 /root/.pyenv/versions/*/bin/python3; do \
  command -v "$$c" >/dev/null 2>&1 || continue; \
  "$$c" -c 'import sys; v = sys.version_info; v >= (3, 12) and print(v[0] * 1000 + v[1], sys.executable)' 2>/dev/null; \
  done | sort -n | tail -n 1 | cut -d " " -f 2-))$(PY312)

# setuptools' one-line notice about editable installs is not a problem of ours; deprecation warnings stay visible.
PIP_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet

.PHONY: demo demo-django test test-unit test-pyodide test-e2e test-engines test-django6 bench install venv venv-demo venv-django6 node chromium engines pyodide clean

demo: venv-demo pyodide ## serve the Starlette sample project on http://127.0.0.1:8000 (runtime dependencies only)
	$(PY) -m uvicorn sample_projects.starlette_todo.app:app --host $(HOST) --port $(PORT)

demo-django: venv-demo pyodide ## serve the Django sample project under uvicorn (ASGI)
	cd sample_projects/django_todo && ../../$(PY) manage.py migrate --noinput >/dev/null && \
	  ../../$(PY) -m uvicorn django_todo.asgi:application --host $(HOST) --port $(PORT)

test: install ## run every tier: unit, property, security corpus, Pyodide, end-to-end; then the Django 6 tests
	$(PY) -m pytest $(PYTEST_ARGS)
	@if [ -n "$(PY312)" ]; then $(MAKE) --no-print-directory test-django6; \
	else echo "test-django6 skipped: no Python >= 3.12 on this machine"; fi

test-unit: venv node
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

test-pyodide: venv node pyodide
	$(PY) -m pytest tests/pyodide $(PYTEST_ARGS)

test-e2e: install
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

test-engines: install ## the cross-engine tier alone: Chromium, Firefox ESR, WebKitGTK
	$(PY) -m pytest tests/e2e/engines $(PYTEST_ARGS)

test-django6: venv-django6 node ## the Django adapter's tests on Django 6 (its built-in CSP middleware)
	$(DJANGO6_PY) -m pytest tests/unit/test_contrib_django*.py -p no:cacheprovider

bench: install ## every benchmark, side by side; tables go to benchmarks/README.md by hand
	$(PY) benchmarks/ssr.py
	$(PY) benchmarks/reconcile.py
	$(PY) benchmarks/keyed_diff.py
	$(PY) benchmarks/actions.py
	$(PY) benchmarks/client/run.py
	$(PY) benchmarks/client/python_time.py

install: venv node chromium engines pyodide

# Two stamps: the demo needs the runtime extras and uvicorn only; the tests need everything. A full
# install satisfies the demo too, so `make demo` after `make test` installs nothing.
venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml setup.cfg
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e ".[django,starlette,test,dev]"
	touch $@ $(VENV)/.demo-installed

venv-demo: $(VENV)/.demo-installed
$(VENV)/.demo-installed: pyproject.toml setup.cfg
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e ".[django,starlette]" "uvicorn>=0.29"
	touch $@

venv-django6: $(DJANGO6_VENV)/.installed
$(DJANGO6_VENV)/.installed: pyproject.toml setup.cfg
	@if [ -z "$(PY312)" ]; then echo "venv-django6: Django 6 needs Python >= 3.12, none found on PATH or in /root/.pyenv/versions" >&2; exit 1; fi
	$(PY312) -m venv $(DJANGO6_VENV)
	$(DJANGO6_PY) -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(DJANGO6_PY) -m pip install --quiet -e ".[django,test]" "django>=6.0"
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

# Firefox ESR, WebKitGTK's WebDriver + MiniBrowser and Xvfb (WebKitGTK has no headless mode), from Debian.
ENGINE_FILES := /usr/bin/firefox-esr /usr/bin/WebKitWebDriver /usr/bin/Xvfb
engines:
	@if ! ls $(ENGINE_FILES) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb; \
	fi

pyodide: venv-demo
	$(PY) -m pickle_reactor pyodide fetch

clean:
	rm -rf $(VENV) $(DJANGO6_VENV) node_modules .cache .pytest_cache .hypothesis
