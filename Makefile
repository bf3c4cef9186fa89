# Two commands do all set-up on a fresh machine (only Python 3.11 needed):
#   make run   – create .venv, install, execute every notebook, write build/html/
#   make test  – create/update .venv, run the whole test suite
#   make test-fast – the quick tier for the inner loop: no notebook runs, servers or browsers
#   make classroom – dashboards and exercises as web apps at http://127.0.0.1:8866/
#   make hub PASSWORD=… – the same on a trial JupyterHub (a server per student) at :8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SYSTEM := $(VENV)/.system
CHP    := $(VENV)/node_modules/.bin/configurable-http-proxy
export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-fast lab classroom hub data lint bench clean

# System packages beyond Python: Voikko with its Finnish dictionary (pseudonymise finds names in
# every inflection), Chromium (browser tests, classroom benchmark) and npm (for JupyterHub's
# proxy, below). Missing ones are installed with apt-get when run as root (the package lists
# are refreshed if the first try fails); otherwise one line says what to install. The stamp is set once everything is there.
$(SYSTEM):
	@check() { missing=""; \
	  $(PYTHON) -c "import ctypes; ctypes.CDLL('libvoikko.so.1')" 2>/dev/null || missing="$$missing libvoikko1"; \
	  ls -d /usr/lib/voikko/*/mor-standard /usr/share/voikko/*/mor-standard 2>/dev/null | grep -q . \
	    || missing="$$missing voikko-fi"; \
	  command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium-browser || missing="$$missing chromium"; \
	  command -v npm >/dev/null 2>&1 || test -x $(CHP) || missing="$$missing npm"; }; \
	check; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing system packages:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null 2>&1 \
	  || { apt-get update -q >/dev/null 2>&1; \
	       DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null 2>&1; }; \
	  check; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "coachkit: not installed:$$missing (ask an administrator: apt-get install$$missing)"; \
	else mkdir -p $(VENV) && touch $@; fi

# configurable-http-proxy, JupyterHub's proxy (`coachkit hub`), from npm into .venv/node_modules:
# nothing installed globally.
$(CHP): | $(SYSTEM)
	npm install --prefix $(VENV) --no-save --no-audit --no-fund --loglevel=error \
	  configurable-http-proxy@5 >/dev/null

$(STAMP): pyproject.toml | $(SYSTEM) $(CHP)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/coachkit notebooks --out build/html

test: $(STAMP)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow" -q -n 2

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

classroom: $(STAMP)
	$(VENV)/bin/coachkit classroom

hub: $(STAMP)
	$(VENV)/bin/coachkit hub --password $${PASSWORD:?set PASSWORD=the class password} \
	  $(if $(TRAINER),--trainer "$(TRAINER)")

data: $(STAMP)
	$(VENV)/bin/coachkit generate

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

bench: $(STAMP)
	$(PY) -m benchmarks.bench themes

clean:
	rm -rf build .pytest_cache
