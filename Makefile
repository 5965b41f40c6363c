# The everyday interface: `make` builds every response, `make test` runs the tests.
# Every target has a one-line help: run `make help`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= build
SIZES  ?= 1,100,1000
RUNS   ?= 3

.DEFAULT_GOAL := all
.PHONY: all build check test clean distclean help reference golden bench git-setup redline translations

all: build ## Create .venv if needed and build every response in responses/ into build/ (docx and pdf)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "utlatande needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

# utlatande itself decides what is stale: it keeps a record of what each response's documents
# were made from (the response, its skrivelse, fragments, profile, templates, approvals and
# utlatande's own code) and rebuilds exactly the responses whose inputs changed. make never
# sees a file name, so no name in responses/ can run as a command.
build: $(STAMP) ## Build the responses whose sources, templates or approvals changed since their last build
	$(BIN)/utlatande build --changed --out "$(OUT)"

check: $(STAMP) ## Validate every response, skrivelse, fragment and profile without building
	$(BIN)/utlatande check

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

git-setup: $(STAMP) ## Make git diff/log/show print the text of responses, .docx and .pdf (this clone only)
	git config diff.utlatande.textconv "$(BIN)/utlatande text --textconv"
	@attributes=$$(git rev-parse --git-path info/attributes); mkdir -p $$(dirname $$attributes); \
	for pattern in 'responses/*.yaml' '*.docx' '*.pdf'; do \
	  grep -qxF "$$pattern diff=utlatande" $$attributes 2>/dev/null || echo "$$pattern diff=utlatande" >> $$attributes; \
	done; echo "git diff now shows documents' text (attributes in $$attributes)"

redline: $(STAMP) ## Word redline of R against REV: make redline R=responses/x.yaml [REV=HEAD~1]
	@test -n "$(R)" || { echo "usage: make redline R=responses/x.yaml [REV=HEAD~1] (REV defaults to HEAD)"; exit 1; }
	$(BIN)/utlatande redline "$(or $(REV),HEAD):$(R)" "$(R)" -o "$(OUT)/$(basename $(notdir $(R)))-redline.docx"

bench: $(STAMP) ## Measure speed against pandoc, Typst and docxtpl at 1, 100 and 1,000 responses (figures, no asserts; SIZES=1,100,1000,5000)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bench]'
	SIZES="$(SIZES)" RUNS="$(RUNS)" $(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/suggest_speed.py

translations: $(STAMP) ## Extract the messages, update the Swedish catalog and compile it (see docs/i18n.md)
	$(BIN)/python scripts/translations.py

golden: $(STAMP) ## Regenerate tests/golden/ after a deliberate change (then review git diff)
	UTLATANDE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

reference: $(STAMP) ## Regenerate templates/reference.docx from scripts/make_reference_docx.py
	$(BIN)/python scripts/make_reference_docx.py templates/reference.docx

clean: ## Remove build output
	rm -rf $(OUT)

distclean: clean ## Remove build output and the virtual environment
	rm -rf $(VENV)

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/:.*## /\t/' | expand -t 12
