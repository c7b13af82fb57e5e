# `make run` starts the browser editor on the embedded database; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench install

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	$(BIN)/charter serve

test: $(BIN)/.installed
	$(BIN)/ruff check charter ui tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(BIN)/.installed
	$(BIN)/ruff check charter ui tests bench
	$(BIN)/mypy

bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/store.py
	$(BIN)/python bench/diff.py
	$(BIN)/python bench/word_export.py
	$(BIN)/python bench/word_import.py
	$(BIN)/python bench/word_redline.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/checks.py
	$(BIN)/python bench/ui_browser.py
	$(BIN)/python bench/load.py
