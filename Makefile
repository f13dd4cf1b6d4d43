# The two commands a newcomer needs: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The suite runs on every core (PYTEST_WORKERS=0: in one process). Each test file stays on one
# worker, so the fixtures a file or a session shares are built once per worker.
PYTEST_WORKERS ?= auto
PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile
# The pure library and what reads its findings: no database, no server, no browser.
LIBRARY_TESTS := tests/text tests/policy tests/checks tests/service_level tests/engine tests/io \
	tests/analytics tests/report tests/test_samples.py tests/test_lazy_import.py \
	tests/test_scaling.py tests/test_suite_hygiene.py tests/test_docs_examples.py

.PHONY: demo test test-fast lint typecheck unit audit-deps bench bench-api bench-guard bench-limits bench-long bench-report bench-dask bench-web calibrate eval-real clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: check a draft, a practice round, load the bundled samples into a desk (moved to recent weeks) with the audit report of the same conversations at the same moment (demo-output/report.html), then serve the desk on 127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/trustdesk check --sample returns-label-broken-promise --now 2026-03-18T10:45:00+00:00 --draft "I'm so sorry you had to chase us. We'll get back to you soon. Can you confirm your password so I can check the account?" || true
	@echo
	$(BIN)/trustdesk scenarios try empathy-bereaved-refund --reply "Renewals can only be refunded within 14 days. Please send the death certificate." || true
	@echo
	$(BIN)/trustdesk demo --database-url sqlite:///demo-output/desk.db --report-dir demo-output --host 127.0.0.1 --port 8000

## test: lint, type-check and run the whole test suite, in parallel
test: lint typecheck unit

## test-fast: the pure library's tests, in well under a minute
# In one process: every worker would import and collect all of these again, which costs more
# than a second core saves on tests this quick (and on a busy machine, far more).
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not (slow or server or browser or postgres or shared_data)" $(LIBRARY_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks evals tools examples
	$(BIN)/ruff format --check src tests benchmarks evals tools examples
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q $(PARALLEL)

## audit-deps: known vulnerabilities in the installed dependencies (pip-audit, then PyPI's project pages), naming every package it could not audit
# Fails on a known vulnerability; a package no advisory source answered for is a warning that
# names it (AUDIT_DEPS_FLAGS=--require-all makes that a failure too).
audit-deps: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pip-audit>=2.7'
	$(BIN)/python tools/audit_deps.py $(AUDIT_DEPS_FLAGS)

## bench: the benchmarks, side by side with Presidio
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

## bench-api: POST /v1/check under load from a second process (wrk if installed)
bench-api: $(STAMP)
	$(BIN)/python benchmarks/api_load.py

## bench-guard: POST /v1/guard's work in process (allow, revise, block) beside check_reply
bench-guard: $(STAMP)
	$(BIN)/python benchmarks/guard.py

## bench-long: the engine and the text analysers on hostile messages of 10 to 100 KB
bench-long: $(STAMP)
	$(BIN)/python benchmarks/long_input.py

## bench-limits: a 1 MB message and a 100,000-message history beside small checks
bench-limits: $(STAMP)
	$(BIN)/python benchmarks/limits.py

## bench-web: the reply box's live check and the desk's pages, beside the API's JSON
bench-web: $(STAMP)
	$(BIN)/python benchmarks/web_desk.py

## bench-dask: the audit on a 2-worker Dask LocalCluster beside one core, with a spinner control
bench-dask: $(STAMP)
	$(BIN)/python benchmarks/dask_scale.py

## bench-report: an audit report on 100,000 generated conversations (takes a while)
bench-report: $(STAMP)
	$(BIN)/python benchmarks/report_scale.py

## eval-real: docs/quality.md from the real dev set, the samples, the fixtures and the public sets
# Needs ../shared beside the checkout; without it, says so and leaves docs/quality.md alone.
eval-real: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,eval]'
	$(BIN)/python evals/quality_table.py

## calibrate: refit the confidence table shipped in src/trustdesk/data/calibration.json
calibrate: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,eval]'
	$(BIN)/python evals/calibrate.py --write

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
