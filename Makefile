# LOTI Workspace. `make run` serves the app; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STACK := $(PY) -m loti.stack
PYTEST_ARGS ?=
SCALE ?= full
SOAK_SECONDS ?= 180

.PHONY: install run test lint bench soak clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/static/govuk/govuk-frontend.min.css: frontend/node_modules/.package-lock.json frontend/build_assets.py
	$(PY) frontend/build_assets.py

install: $(VENV)/.installed frontend/static/govuk/govuk-frontend.min.css

run: install
	$(STACK) run

test: install
	$(STACK) exec -- $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/bandit -c pyproject.toml -r loti projects procurement challenges frontend bench scripts manage.py --quiet
	$(PY) scripts/audit_dependencies.py
	$(STACK) exec -- $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=loti.settings.production \
	  SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ \
	  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/unused \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The benchmark: its own database (<name>_bench), seeded, every scenario, a table and
# bench/results/latest.{json,svg}. SCALE=small is a quick check (under 5 minutes).
bench: install
	$(STACK) exec -- $(PY) -m bench --scale $(SCALE) $(foreach s,$(ONLY),--only $(s))

# A bounded soak on the same database: gunicorn on loopback, SOAK_SECONDS of public
# tender search and bid submission; exits 1 on any error or if memory grows.
soak: install
	$(STACK) exec -- $(PY) -m bench.soak --seconds $(SOAK_SECONDS)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/static/govuk staticfiles
