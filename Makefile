# newsarchive: the two commands a fresh machine needs are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
DEV_STAMP  := $(VENV)/.dev-installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test engines soak bench bench-large fetch validate links lint-workflows lock clean

# Installing: the interpreter's own pip (however old) installs only uv and setuptools, pinned
# and hash-checked in requirements-tools.lock (no dependencies, no extras: nothing an old pip
# gets wrong); uv then installs the lock, every file hash-checked. The site needs only the
# runtime lock; tests add the dev lock (a superset) on top. The project itself is installed
# editable with the venv's pinned setuptools, so no build step fetches anything unpinned.
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python --require-hashes

$(UV): requirements-tools.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-tools.lock
	touch $@

$(SITE_STAMP): $(UV) requirements.lock pyproject.toml
	$(UV_INSTALL) -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(SITE_STAMP) requirements-dev.lock
	$(UV_INSTALL) -r requirements-dev.lock
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

## engines: build the archive with MkDocs and with ProperDocs (--strict each); fail on any difference
engines: $(DEV_STAMP)
	$(BIN)/python scripts/ci/engines.py site-engines

## soak: kill `newsarchive fetch` with SIGKILL at random moments, check the archive each time (~10 min)
soak: $(DEV_STAMP)
	$(BIN)/python tests/soak_kill.py --iterations 200 --seconds 600

## bench: scale benchmark (1,000 and 10,000 synthetic articles, 200 feeds): one table, < 10 min
bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

## bench-large: 10,000 and 50,000 articles: growth of the build's cost, memory, size (~25 min)
bench-large: $(DEV_STAMP)
	$(BIN)/python bench/run.py --large

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

## lock: re-pin dependencies (newest releases allowed by pyproject.toml); commit the three lock files
# Universal resolution: one lock for Linux, macOS and Windows. `uv pip compile` keeps the pins
# already in a lock unless pyproject.toml excludes them; `make lock UPGRADE=--upgrade` moves all.
COMPILE = $(UV) pip compile --quiet --generate-hashes --universal --python-version 3.11 $(UPGRADE)
lock: $(UV)
	printf 'uv\nsetuptools>=77\n' | $(COMPILE) - -o requirements-tools.lock
	$(COMPILE) pyproject.toml -o requirements.lock
	$(COMPILE) pyproject.toml --extra dev -o requirements-dev.lock

clean:
	rm -rf site site-engines .pytest_cache
