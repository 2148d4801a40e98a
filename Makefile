# One target for each thing a developer does. `make help` lists them.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RAW ?= ../shared/data/raw
OUT ?= data
STAMP := $(VENV)/.installed-stamp
# The scenario-store tests start a throwaway server from these binaries (they read GMDASH_PG_BIN).
PG_BIN ?= /usr/lib/postgresql/15/bin
# Test workers (pytest-xdist). Each test file runs whole on one worker, so a file's fixtures (a
# build, an app server) are made once; browser tests spend much of their time waiting on the
# app, so a worker per core keeps both busy.
WORKERS ?= 2
# VIEWIT may name several exports: VIEWIT="bolton.csv wigan.csv" gives one --viewit each.
GIVEN := $(if $(FINGERTIPS),--fingertips $(FINGERTIPS)) $(foreach f,$(VIEWIT),--viewit $(f))
BUILD_ARGS := --raw $(RAW) --out $(OUT) $(GIVEN)

.PHONY: help run test bench data data-download data-check lint format typecheck chromium postgresql pack-deps clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# uv installs the pinned requirements into the venv in seconds where pip takes most of a minute
# (it downloads and unpacks in parallel); the venv itself is a plain one with pip in it. Bytecode
# is compiled at install, as pip does: with PYTHONDONTWRITEBYTECODE set (as on our machines) no
# process would ever write it, and every app server, test worker and command would compile
# Streamlit, pandas and Altair from source again at each start.
UV_VERSION := 0.13.9
UV := $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q uv==$(UV_VERSION)
	$(UV) -r requirements-dev.txt -c constraints.txt
	$(UV) --no-deps -e .
	touch $@

run: $(STAMP) pack-deps  ## install what is needed and start the app on the committed extracts
	$(BIN)/streamlit run app.py

test: $(STAMP) chromium postgresql pack-deps  ## install what is needed and run every test, browser tests included
	$(BIN)/ruff check .
	@# mypy (half a minute of one core) runs beside the tests, which leave a core idle now and then;
	@# its report follows theirs, and `make test` fails if either fails.
	@$(BIN)/mypy > $(VENV)/mypy.log 2>&1 & typing=$$!; \
	GMDASH_PG_BIN=$(PG_BIN) $(BIN)/pytest -n $(WORKERS) --dist loadfile; tests=$$?; \
	wait $$typing; typed=$$?; echo "mypy:"; cat $(VENV)/mypy.log; \
	test $$tests -eq 0 && test $$typed -eq 0

bench: $(STAMP) chromium  ## measure page speed, payload, load, browser timings and queries at 100x (bench/results.md)
	$(BIN)/python -m bench

data: $(STAMP)  ## rebuild data/ from the raw sources (FINGERTIPS=file, VIEWIT="file ..." add real data)
	$(BIN)/python -m gmdata $(BUILD_ARGS)

data-download: $(STAMP)  ## rebuild data/ with the completion indicators downloaded from the Fingertips API
	$(BIN)/python -m gmdata $(BUILD_ARGS) --download-fingertips

data-check: $(STAMP)  ## rebuild into a temporary folder and compare its hashes with the committed data/
	$(BIN)/python -m gmdata $(BUILD_ARGS) --check

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## apply ruff formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP)  ## mypy on the two packages
	$(BIN)/mypy

chromium:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

postgresql:  ## Debian's PostgreSQL binaries: the scenario-store tests start a throwaway server with them
	@test -x $(PG_BIN)/initdb || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql; fi; }

# WeasyPrint typesets the pack's PDF with Pango and HarfBuzz (and Liberation Sans stands in for
# Arial); its tests read the PDF back with poppler's pdftoppm and pdftotext.
PACK_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation poppler-utils

pack-deps:  ## Debian's Pango and fonts (the committee pack's PDF) and poppler-utils (its tests)
	@{ command -v pdftoppm >/dev/null 2>&1 && ldconfig -p | grep -q libpangoft2-1.0 \
	  && ldconfig -p | grep -q libharfbuzz-subset && fc-list | grep -q LiberationSans; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PACK_DEBS); \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $(PACK_DEBS); fi; }

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
