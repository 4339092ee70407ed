# One command builds everything: `make pdf`. `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
COMPILED := $(VENV)/.compiled-stamp
SOURCES := $(shell find build_factsheet -name '*.py')

.PHONY: pdf test clean bench distclean

pdf: $(STAMP) $(COMPILED)
	$(BIN)/build-factsheet build

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build output

distclean: clean
	rm -rf $(VENV)

# The virtual environment, with the pinned dependencies; rebuilt when the pins change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# compat mode: a plain path entry, not an import hook that every run would load
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
		--config-settings editable_mode=compat -e .
	touch $(STAMP)

# The package byte-compiled when its sources change, so that a build with nothing to do
# does not compile it on every run (with PYTHONDONTWRITEBYTECODE set, Python never saves it).
$(COMPILED): $(STAMP) $(SOURCES)
	$(BIN)/python -m compileall -q build_factsheet
	touch $(COMPILED)
