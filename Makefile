# The README's two commands are `make run` and `make test`; both start from a bare Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format typecheck openapi evaluate bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# Local development lets webhooks reach receivers on this machine; production refuses them.
run: $(STAMP)  ## install, migrate and serve on http://127.0.0.1:8000
	$(BIN)/quotes db upgrade
	$(BIN)/quotes keys dev
	QUOTES_WEBHOOK_ALLOW_PRIVATE=$${QUOTES_WEBHOOK_ALLOW_PRIVATE:-1} $(BIN)/quotes serve --no-migrate

test: $(DEV_STAMP) lint  ## lint, type-check and run the whole suite
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: $(STAMP)  ## regenerate the committed openapi.yaml
	QUOTES_LOAD_MODEL=0 $(BIN)/quotes openapi write openapi.yaml

evaluate: $(STAMP)  ## score extraction on the shared PolNeAR dev corpus
	$(BIN)/quotes evaluate ../shared/data/polnear.dev.jsonl
	$(BIN)/python bench/family_eval.py --corpus ../shared/data/polnear.dev.jsonl

bench: $(DEV_STAMP)  ## speed benchmarks (ratios against a baseline measured in the same run)
	$(BIN)/python bench/bench_extract.py
	PYTHONPATH=. $(BIN)/python bench/bench_families.py --sizes 10000,100000
	PYTHONPATH=. $(BIN)/python bench/merge_eval.py
	PYTHONPATH=. $(BIN)/python bench/bench_ingest.py
	PYTHONPATH=. $(BIN)/python bench/bench_celery.py
	PYTHONPATH=. $(BIN)/python bench/bench_http.py

screenshots: $(DEV_STAMP)  ## re-take docs/screenshots/*.png with the browser tests (needs chromium)
	QUOTES_SCREENSHOTS=1 QUOTES_REQUIRE_BROWSER=1 $(BIN)/python -m pytest tests/live/test_explorer_browser.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
