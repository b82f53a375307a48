# newsarchive: the two commands a fresh machine needs are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP  := $(VENV)/.dev-installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test soak bench fetch validate links lint-workflows lock clean

# The site needs only the runtime lock; tests add the dev lock (a superset) on top.
$(SITE_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): $(SITE_STAMP) requirements-dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

## site: build the site from the committed archive into site/ (zero warnings allowed)
site: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

## serve: preview the site on http://127.0.0.1:8000
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## test: the whole test suite (browser tests included when Chromium is installed)
test: $(DEV_STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m pytest -q

## soak: kill `newsarchive fetch` with SIGKILL at random moments, check the archive each time (~10 min)
soak: $(DEV_STAMP)
	$(BIN)/python tests/soak_kill.py --iterations 200 --seconds 600

## bench: scale benchmark (1,000 and 10,000 synthetic articles, 200 feeds): one table, < 10 min
bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

## fetch: fetch the configured feeds and write new article pages
fetch: $(SITE_STAMP)
	$(BIN)/newsarchive fetch

## validate: check every article page
validate: $(SITE_STAMP)
	$(BIN)/newsarchive validate

## links: check every page's original URL, record dead links and archived copies on the pages
links: $(SITE_STAMP)
	$(BIN)/newsarchive links

## lint-workflows: lint .github/workflows offline (schema, actionlint, zizmor)
lint-workflows: $(DEV_STAMP)
	scripts/ci/lint-workflows.sh

## lock: re-pin dependencies (needs pip-tools); commit both lock files
lock: $(SITE_STAMP)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements-dev.lock pyproject.toml

clean:
	rm -rf site .pytest_cache
