# renda — two commands on a fresh machine:
#   make demo   set up, load the demo city into an embedded SQLite database and serve http://127.0.0.1:8000
#   make test   install the dev dependencies and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export RENDA_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test setup setup-dev frontend browser-deps lint test-browser bench clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python frontend
	$(BIN)/pip install --quiet -e .

setup-dev: $(BIN)/python frontend
	$(BIN)/pip install --quiet -e '.[dev]'

frontend: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

demo: setup
	mkdir -p $(RENDA_VAR_DIR)
	RENDA_DEBUG=1 $(BIN)/renda migrate --noinput -v0
	RENDA_DEBUG=1 $(BIN)/renda demo
	@echo ""
	@echo "人大履职平台已启动：http://$(HOST):$(PORT)/  （Ctrl+C 停止）"
	RENDA_DEBUG=1 $(BIN)/renda runserver $(HOST):$(PORT) --noreload

serve:
	RENDA_DEBUG=1 $(BIN)/renda runserver $(HOST):$(PORT)

# The whole suite: unit, integration, corpus and browser tests (Debian's chromium, installed when missing).
test: setup-dev
	-@$(MAKE) --no-print-directory browser-deps
	RENDA_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check src tests bench
	RENDA_TESTING=1 $(BIN)/renda makemigrations --check --dry-run

# Browser tests drive Debian's chromium (never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } || echo "chromium 未安装：浏览器测试将跳过（需要 root 执行 apt-get install chromium）"


test-browser: setup-dev browser-deps
	RENDA_TESTING=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

bench: setup-dev
	$(BIN)/python bench/bench_workplan.py
	$(BIN)/python bench/bench_statutes.py

clean:
	rm -rf $(VENV) node_modules var
