# The two commands a newcomer needs: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench bench-api bench-limits bench-report bench-web eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: audit the bundled samples (with demo-output/report.html), check a draft, then serve them as a desk on 127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/trustdesk audit --samples --out demo-output --report
	@echo
	$(BIN)/trustdesk check --sample returns-label-broken-promise --now 2026-03-18T10:45:00+00:00 --draft "I'm so sorry you had to chase us. We'll get back to you soon. Can you confirm your password so I can check the account?" || true
	@echo
	$(BIN)/trustdesk demo --database-url sqlite:///demo-output/desk.db --host 127.0.0.1 --port 8000

## test: lint, type-check and run the test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks evals
	$(BIN)/ruff format --check src tests benchmarks evals

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

## bench: the benchmarks, side by side with Presidio
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

## bench-api: POST /v1/check under load from a second process (wrk if installed)
bench-api: $(STAMP)
	$(BIN)/python benchmarks/api_load.py

## bench-limits: a 1 MB message and a 100,000-message history beside small checks
bench-limits: $(STAMP)
	$(BIN)/python benchmarks/limits.py

## bench-web: the reply box's live check and the desk's pages, beside the API's JSON
bench-web: $(STAMP)
	$(BIN)/python benchmarks/web_desk.py

## bench-report: an audit report on 100,000 generated conversations (takes a while)
bench-report: $(STAMP)
	$(BIN)/python benchmarks/report_scale.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
