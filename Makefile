# Two commands do all set-up on a fresh machine (only Python 3.11 needed):
#   make run   – create .venv, install, execute every notebook, write build/html/
#   make test  – create/update .venv, run the whole test suite
#   make classroom – dashboards and exercises as web apps at http://127.0.0.1:8866/
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lab classroom data lint bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/coachkit notebooks --out build/html

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

classroom: $(STAMP)
	$(VENV)/bin/coachkit classroom

data: $(STAMP)
	$(VENV)/bin/coachkit generate

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests

bench: $(STAMP)
	$(PY) -m coachkit.bench themes

clean:
	rm -rf build .pytest_cache
