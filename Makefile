# The everyday interface: `make` builds every response, `make test` runs the tests.
# Every target has a one-line help: run `make help`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= build

.DEFAULT_GOAL := all
.PHONY: all build check test clean distclean help reference golden bench

all: build ## Create .venv if needed and build every response in responses/ into build/

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "utlatande needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

build: $(STAMP) ## Build every response in responses/ (docx and pdf) into build/
	$(BIN)/utlatande build --out $(OUT)

check: $(STAMP) ## Validate every response, skrivelse, fragment and profile without building
	$(BIN)/utlatande check

test: $(STAMP) ## Run the test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## Measure build speed against LibreOffice (figures and ratios, no asserts)
	$(BIN)/python benchmarks/build_speed.py

golden: $(STAMP) ## Regenerate tests/golden/ after a deliberate change (then review git diff)
	UTLATANDE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

reference: $(STAMP) ## Regenerate templates/reference.docx from scripts/make_reference_docx.py
	$(BIN)/python scripts/make_reference_docx.py templates/reference.docx

clean: ## Remove build output
	rm -rf $(OUT)

distclean: clean ## Remove build output and the virtual environment
	rm -rf $(VENV)

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12
