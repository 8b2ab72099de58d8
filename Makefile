# Two commands on a fresh machine: `make quiz` and `make test`. Both set up .venv first, from the
# exact versions in requirements/*.lock (`make lock` refreshes them from pyproject.toml's ranges).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
MIN    := .venv-minimum

.PHONY: test quiz bench lock test-minimum versions clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The checkout itself goes in with the locked hatchling (no build isolation, so nothing unlocked
# is fetched); --no-deps, because the lock already holds every dependency.
$(VENV)/.runtime: $(BIN)/python requirements/build.lock requirements/runtime.lock pyproject.toml
	$(PIP) -r requirements/build.lock -r requirements/runtime.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime requirements/test.lock
	$(PIP) -r requirements/test.lock
	@touch $@

# pytest's exit 5 ("no tests collected") alone is not a failure.
test: $(VENV)/.test
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then exit 0; else exit $$rc; fi

quiz: $(VENV)/.runtime
	$(BIN)/grader quiz

bench: $(VENV)/.test
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lock:
	PYTHON=$(PYTHON) bash requirements/lock.sh

# What is installed, one line a package (.ci/run prints it).
versions:
	@$(BIN)/python --version; $(BIN)/python -m pip list --format=freeze --exclude-editable 2>/dev/null

# The same tests of the engine and the grading on the oldest versions pyproject.toml claims.
test-minimum:
	@test -x $(MIN)/bin/python || $(PYTHON) -m venv $(MIN)
	grep -v -i -E '^(numpy|pyyaml)==' requirements/test.lock > $(MIN)/others.txt
	$(MIN)/bin/python -m pip install --quiet --disable-pip-version-check \
	  -r requirements/build.lock -r $(MIN)/others.txt -r requirements/minimum.txt
	$(MIN)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(MIN)/bin/python -c 'import numpy, yaml; print("minimum versions: numpy", numpy.__version__, "PyYAML", yaml.__version__)'
	$(MIN)/bin/python -m pytest -q tests/engine tests/grading tests/submission tests/quiz $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(MIN) build dist *.egg-info .pytest_cache
