# Prepwork: `make run` serves the app on http://127.0.0.1:8000 (HOST=0.0.0.0 for the
# local network), `make test` runs every test.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup chromium

$(INSTALLED): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

setup: $(INSTALLED)
	$(PYTHON) manage.py migrate --noinput

# HOST=0.0.0.0 serves the room on the local network (see README: "Run a workshop from
# your laptop").
run: setup
	PREPWORK_HOST=$(HOST) $(PYTHON) manage.py serve --port $(PORT)

# The browser tests drive Debian's Chromium and read the projector's QR code with zbar;
# install them when we can, or say what is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! command -v zbarimg >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium and zbar-tools for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zbar-tools >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at /usr/bin/chromium and zbarimg: run 'sudo apt-get install chromium zbar-tools'."; \
	    exit 1; \
	  fi; \
	fi

# Browser tests run in their own pytest process: Playwright's sync API leaves an event
# loop running that the async consumer tests cannot share.
test: $(INSTALLED) chromium
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest tests --ignore=tests/browser
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest tests/browser
