# Two commands do all the set-up on a fresh Debian machine: `make run` and `make test`.
#   make run                       open the window (the last project; on a first run, the sample)
#   make run PROJECT=x.annotator   open that project
#   make test                      ruff, the import contracts, pytest (offscreen)
# Without a screen (no DISPLAY, no WAYLAND_DISPLAY), `make run` renders the window offscreen
# into $(SCREENSHOT) and says so.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PROJECT ?=
SCREENSHOT ?= screenshots/main-window.png

.PHONY: run test lint bench setup system-deps clean model

# System libraries Qt needs (apt-get, only those missing), the virtual environment, the project.
# Re-runs when pyproject.toml or the list of system packages changes.
$(STAMP): pyproject.toml packaging/install-system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	    echo "Annotator needs Python 3.11 or newer as '$(PYTHON)'; found: $$($(PYTHON) --version 2>&1)." >&2; \
	    echo "Install it, or name another one: make PYTHON=python3.11 ..." >&2; exit 1; }
	PYTHON=$(PYTHON) bash packaging/install-system-deps.sh
	@# A venv left without pip (made before python3-venv was there) is made anew.
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { \
	    echo "$(PYTHON) -m venv $(VENV)"; rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	PYTHON=$(PYTHON) bash packaging/install-system-deps.sh

run: setup
	@# Compiled once, not at every start (installed packages ship compiled; an editable one not).
	@$(BIN)/python -m compileall -q annotator >/dev/null
	@platform=$${QT_QPA_PLATFORM:-}; \
	if [[ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" && $$platform != offscreen* ]] \
	    || [[ -n $$platform && $$platform != offscreen* && $$platform != minimal* ]]; then \
	    $(BIN)/annotator $(if $(PROJECT),open '$(PROJECT)'); status=$$?; \
	    if [[ $$status -eq 134 ]]; then \
	        echo "make run: Qt could not open a window (DISPLAY='$${DISPLAY:-}'," \
	             "WAYLAND_DISPLAY='$${WAYLAND_DISPLAY:-}'). Is that display reachable?" >&2; \
	        echo "make run: to render offscreen instead: env -u DISPLAY -u WAYLAND_DISPLAY make run" >&2; \
	    fi; \
	    exit $$status; \
	fi; \
	if [[ $$platform == offscreen* || $$platform == minimal* ]]; then \
	    echo "make run: QT_QPA_PLATFORM=$$platform asks for no screen, so no window can open."; \
	else \
	    echo "make run: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open."; \
	fi; \
	echo "make run: rendering the main window offscreen into $(SCREENSHOT) instead."; \
	project='$(PROJECT)'; \
	if [[ -z "$$project" ]]; then \
	    project=$$($(BIN)/python -c 'from annotator.services.samples import ensure_sample_project; print(ensure_sample_project())') || exit 1; \
	fi; \
	mkdir -p "$$(dirname '$(SCREENSHOT)')"; \
	QT_QPA_PLATFORM=offscreen $(BIN)/annotator open "$$project" --screenshot '$(SCREENSHOT)' || exit $$?; \
	echo "make run: saved $(SCREENSHOT) (the window on $$project). On a machine with a screen, make run opens the window."

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The built-in German entity model, resources/models/de-news-ner, trained from ../shared/data
# (about 6 minutes on two cores; fixed seed, so the same files come out). Prints dev scores.
model: setup
	$(BIN)/python -m pip install --quiet -e '.[model]'
	$(BIN)/python -m annotator.nlp.ner.train --data ../shared/data --out resources/models/de-news-ner

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
