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

.PHONY: demo test setup setup-dev frontend browser-deps lint test-browser bench clean serve prod-check audit screenshots \
	scale-check scale-check-quick

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

# The whole suite: unit, integration, corpus and browser tests (Debian's chromium, installed when missing),
# on TEST_WORKERS processes (pytest-xdist; each its own test database; a module stays on one worker).
TEST_WORKERS ?= 2
test: setup-dev
	-@$(MAKE) --no-print-directory browser-deps
	RENDA_TESTING=1 $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check src tests bench
	RENDA_TESTING=1 $(BIN)/renda makemigrations --check --dry-run

# Browser tests drive Debian's chromium (never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } || echo "chromium 未安装：浏览器测试将跳过（需要 root 执行 apt-get install chromium）"


test-browser: setup-dev browser-deps
	RENDA_TESTING=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

# Each demo role's home page (and the portal) on a desktop and a phone, into docs/screenshots/ (README links them).
screenshots: setup-dev browser-deps
	$(BIN)/python deploy/screenshots.py

bench: setup-dev
	$(BIN)/python bench/bench_workplan.py
	$(BIN)/python bench/bench_statutes.py

# The production stack (private PostgreSQL, gunicorn, task worker, nginx with TLS) on loopback ports,
# checked and torn down; installs nginx with apt-get when missing (as root). See docs/DEPLOYMENT.md.
prod-check: setup
	$(BIN)/python deploy/prod_check.py

# More than one machine on loopback: two gunicorn nodes behind nginx, a PostgreSQL primary and its streaming
# replica (pg_basebackup -R), Redis, the worker; a mixed load while node A and then the replica are killed and
# restarted. 0 failed writes, nothing lost, reads fall back to the primary. See docs/DEPLOYMENT.md "More than one
# machine". scale-check-quick is the short form CI runs.
scale-check: setup
	$(BIN)/python deploy/scale/scale_check.py $(SCALE_ARGS)

scale-check-quick: setup
	$(BIN)/python deploy/scale/scale_check.py --quick $(SCALE_ARGS)

# pip-audit of every installed (pinned) dependency against the PyPI/OSV vulnerability data. Known vulnerabilities
# fail; when the vulnerability service cannot be reached (or audits nothing) it says so and passes (fail-soft).
audit: setup-dev
	@out=$$($(BIN)/pip-audit --skip-editable --strict --progress-spinner off $(AUDIT_ARGS) 2>&1); rc=$$?; \
	if grep -q "Found [0-9]* known vulnerabilit" <<<"$$out"; then echo "$$out"; exit 1; fi; \
	if [ $$rc -eq 0 ]; then echo "$$out" | head -n 3; echo "pip-audit：未发现已知漏洞。"; exit 0; fi; \
	if grep -qiE "could not be audited|ConnectionError|Max retries|NameResolution|timed out|Temporary failure" <<<"$$out"; then \
	  echo "$$out" | tail -n 3; \
	  echo "pip-audit：无法从漏洞数据库（PyPI/OSV）取得数据，本次依赖漏洞审计未完成（不计为失败，请在可访问漏洞库的环境复查）。"; exit 0; fi; \
	echo "$$out"; exit $$rc

clean:
	rm -rf $(VENV) node_modules var
