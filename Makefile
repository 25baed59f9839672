# huimin-extract: every target sets itself up (a fresh machine needs only Python 3.11+ and make).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HUIMIN := $(VENV)/bin/huimin
STAMP  := $(VENV)/.installed

.PHONY: install run data schemas docs eval test lint check bench inputs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(PY) -m compileall -q src  # as a regular install does: no run compiles the package (PYTHONDONTWRITEBYTECODE)
	touch $(STAMP)

run: install  ## extract the bundled report into data/out/, validate it and say what it holds
	$(HUIMIN) extract data/raw/huimin-2022.txt -o data/out --force --summary
	$(HUIMIN) validate data/out/huimin-2022.json --source data/raw/huimin-2022.txt
	@echo
	@echo "huimin is installed in $(VENV)/bin. Next, in this or a new shell:"
	@echo "    $(VENV)/bin/huimin track data/out/huimin-2022.json"
	@echo "or activate it once (. $(VENV)/bin/activate) and type huimin alone: huimin --help"

data: install  ## regenerate data/out/ for every text in data/raw/ (the tree below data/raw/ is mirrored)
	$(HUIMIN) extract data/raw -o data/out --force --quiet

eval: data  ## every gold score of the bundled reports in one table (tests/gold/suite.yaml)
	$(HUIMIN) eval --suite tests/gold/suite.yaml

schemas: install  ## regenerate schemas/ from the models
	$(HUIMIN) schema -o schemas

docs: install  ## regenerate docs/rules.md, the reference for --rules, from the rule models
	$(PY) -m huimin_extract.rules.reference docs/rules.md

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests

check: lint test

inputs: install  ## web pages and PDFs made from data/raw/ (as the tests make them) into build/inputs/; needs chromium
	$(PY) tests/pages.py build/inputs data/raw/huimin-2022.txt data/raw/provinces-2026/*.txt

bench: install  ## speed and memory figures, written to bench/RESULTS.md (not a test)
	$(PY) -m compileall -q src  # the sources as installed, byte-compiled (they may have changed since install)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
