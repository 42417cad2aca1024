# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TS := $(wildcard desktop/ui/translations/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test lint typecheck contracts unit translations update-translations bench screenshot clean

run: $(STAMP) translations
	$(BIN)/sewaka

test: $(STAMP) translations lint typecheck contracts unit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(QM)

desktop/ui/translations/%.qm: desktop/ui/translations/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Re-extract user-visible strings from the sources into the .ts files (then translate them).
update-translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $$(find desktop/ui desktop/cli.py desktop/messages.py printing -name "*.py" | sort) -ts $(TS)

lint: $(STAMP)
	$(BIN)/ruff check desktop printing sync server tests bench tools
	$(BIN)/ruff format --check desktop printing sync server tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_requests.py

screenshot: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/images

clean:
	rm -rf $(VENV) build dist *.egg-info $(QM)
