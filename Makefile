# accredigraph — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= .accredigraph/store
PORT   ?= 8501
# Where the app listens: this machine only, unless told (make run ADDRESS=0.0.0.0; docs/deploy.md).
ADDRESS ?= 127.0.0.1
SPARQL_PORT ?= 7878

.PHONY: install run serve build test test-fast lint format bench bench-concurrency browser owl-tools engines clean

# The package compiled to bytecode as a regular install would have it: where the environment
# says not to write bytecode (PYTHONDONTWRITEBYTECODE), every process would otherwise compile
# the modules it imports again (about 30 ms of a fresh process's first query, README). A source
# changed since is compiled again in memory, so a stale file is never used.
install: $(STAMP)
	@$(BIN)/python -m compileall -q graph explorer_pages benchmarks app.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

build: install
	$(BIN)/accredigraph --store $(STORE) build

# STORE may be a SPARQL endpoint URL (docs/scale.md): then nothing is built locally.
run: install
	@case "$(STORE)" in \
		http://*|https://*) echo "using the SPARQL endpoint $(STORE)" ;; \
		*) $(BIN)/accredigraph --store $(STORE) build ;; \
	esac
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false -- --store $(STORE)

# A read-only SPARQL endpoint over the store (docs/endpoint.md).
serve: build
	$(BIN)/accredigraph --store $(STORE) serve --port $(SPARQL_PORT)

# The browser tests need Debian's chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The vocabulary checks (tests/vocab/test_owl.py, test_shacl_parity.py) need a JDK, the OWL API
# and Apache Jena from Debian; install what is missing.
OWL_PACKAGES := default-jdk-headless libowlapi-java libapache-jena-java
owl-tools:
	@missing=""; for p in $(OWL_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian's$$missing for the vocabulary checks"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The external-engine tests (tests/store/test_virtuoso.py) need Debian's Virtuoso; they start
# their own on loopback ports, so the package's own service is not used. The endpoint's tests
# fetch answers with curl (tests/serve/test_large_answers.py).
engines:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 \
		&& command -v curl >/dev/null 2>&1 || { \
		echo "installing Debian's virtuoso-opensource and curl for the external-engine tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends virtuoso-opensource curl >/dev/null; }

# Everything: unit, doctests, slow (subprocesses, servers, the wheel), the external-engine
# (Virtuoso), the vocabulary (OWL API, reasoners, Jena) and the browser tests.
# ACCREDIGRAPH_REQUIRE_ENGINES: a missing external engine (Virtuoso, a JDK, the OWL API, Jena)
# fails its tests instead of skipping them.
test: install browser owl-tools engines
	ACCREDIGRAPH_REQUIRE_ENGINES=1 $(BIN)/python -m pytest -q

# The quick loop (under a minute on two cores): leaves out the browser tests and those marked slow.
test-fast: install
	$(BIN)/python -m pytest -q -m "not e2e and not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# light queries at the endpoint under 10 clients' never-ending heavy ones (README, "Benchmark")
bench-concurrency: install
	$(BIN)/python -m benchmarks.concurrency --json benchmarks/results/concurrency-100k.json $(BENCH_ARGS)

clean:
	rm -rf .accredigraph
