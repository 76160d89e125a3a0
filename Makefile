# fundgap: `make run` starts the dashboard, `make test` runs every test. Both set everything up first.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-12)
PORT ?= 8501

.PHONY: run test test-fast build check bench load load-short browser balancer capacity capacity-story capacity-short capacity-vs-floor capacity-vs-floor-short capacity-profile capacity-replicas replicas failover failover-short messages clean

$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "fundgap needs $(PYTHON) on PATH (Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Debian's chromium for the browser tests (Playwright cannot download its own browser here), with a CJK font so the
# Chinese quotes render as text in the screenshots, as a reader with Chinese fonts sees them.
browser:
	@{ command -v chromium >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-cjk >/dev/null; }

# Debian's nginx, the load balancer in front of replicas (`make replicas`, the failover test, one config test).
balancer:
	@[ -x /usr/sbin/nginx ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; }

run: $(STAMP)
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

# The tests that need no browser run on every core (pytest-xdist); the browser tests after them, one at a time,
# since each starts its own server and Chromium. Both run even when the first fails; either failing fails.
test: $(STAMP) browser balancer
	$(PY) -m fundgap build --check
	status=0; \
	$(PY) -m pytest -m "not e2e" --numprocesses=auto --maxprocesses=4 || status=1; \
	$(PY) -m pytest -m e2e || status=1; \
	exit $$status

test-fast: $(STAMP)
	$(PY) -m pytest -m "not e2e" --numprocesses=auto --maxprocesses=4

build: $(STAMP)
	$(PY) -m fundgap build

check: $(STAMP)
	$(PY) -m fundgap build --check

bench: $(STAMP) browser
	$(PY) -m benchmarks
	$(MAKE) load

# Many readers at once: 20 Chromium sessions against one server on 127.0.0.1 (bounded in time, stops by itself).
load: $(STAMP) browser
	$(PY) -m tests.reliability.loadtest --sessions 20 --seconds 120 --json benchmarks/results/load.json

load-short: $(STAMP) browser
	$(PY) -m tests.reliability.loadtest --sessions 20 --seconds 10

# Capacity at Streamlit's protocol, no browser (tests/capacity). All bounded in time, on 127.0.0.1 only.
N ?= 2
BALANCER_PORT ?= 8500
capacity: $(STAMP)
	$(PY) -m tests.capacity ramp

# The same ramp with readers from one story's link: four in five arrive on it and mostly read on.
capacity-story: $(STAMP)
	$(PY) -m tests.capacity ramp --mix story

capacity-short: $(STAMP)
	$(PY) -m tests.capacity short --readers 15 --seconds 30

# fundgap against its capacity floor (a bare app drawing the same elements on every page), same readers, steps
# alternating: both mixes, 10 to 120 readers, each app until its repeat-view p95 passes 1 s. About 25 minutes.
capacity-vs-floor: $(STAMP)
	$(PY) -m tests.capacity vs-floor --seconds 30

capacity-vs-floor-short: $(STAMP)
	$(PY) -m tests.capacity vs-floor --short --readers 20 --seconds 30

# Where readers wait: one step of 20 readers while py-spy samples every thread of the server.
capacity-profile: $(STAMP)
	$(PY) -m tests.capacity profile --readers 20 --seconds 30

# N servers behind nginx on 127.0.0.1:$(BALANCER_PORT), sticky sessions, one read-only data folder; Ctrl-C stops all.
replicas: $(STAMP) balancer
	$(PY) -m tests.capacity.balancer --replicas $(N) --port $(BALANCER_PORT)

capacity-replicas: $(STAMP) balancer
	$(PY) -m tests.capacity ramp --replicas $(N)

failover: $(STAMP) balancer
	$(PY) -m tests.capacity failover --replicas $(N) --readers 16 --seconds 90 --kill-at 40

failover-short: $(STAMP) balancer
	$(PY) -m tests.capacity failover --replicas 2 --readers 12 --seconds 36 --kill-at 16

# The Chinese catalogue with Babel: extract every message (babel.cfg) and merge it into the .po (new messages
# arrive empty, for a translator), then compile the .mo the app reads (fundgap/common/messages.py).
# tests/unit/test_i18n.py fails when the .po is behind the code or the .mo behind the .po.
messages: $(STAMP)
	$(PY) -m fundgap messages

clean:
	rm -rf $(VENV) .pytest_cache screenshots
