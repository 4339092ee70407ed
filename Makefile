# One command builds everything: `make pdf`. `make test` runs the whole suite.
# Both first install the system packages they need (scripts/bootstrap): as root with apt-get,
# or else they print the one command to run and stop.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
COMPILED := $(VENV)/.compiled-stamp
SOURCES := $(shell find build_factsheet -name '*.py')

.PHONY: pdf test clean bench distclean system-pdf system-test

pdf: system-pdf $(STAMP) $(COMPILED)
	$(BIN)/build-factsheet build

test: system-test $(STAMP)
	$(BIN)/python -m pytest -q

bench: system-test $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build output

distclean: clean
	rm -rf $(VENV)

# System packages: checked in a few milliseconds, installed only when missing. A PDF build
# never waits for the browser that only the tests need.
system-pdf:
	@scripts/bootstrap pdf

system-test:
	@scripts/bootstrap pdf test

# The virtual environment, with the pinned dependencies; rebuilt when the pins change.
# It waits for the system packages (order-only: they never make it stale).
$(STAMP): requirements.txt pyproject.toml | system-pdf
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
