# PodDeck: `make demo` sets up and opens the dashboard on a local sandbox; `make test` runs every test.
SWIFT ?= swift
DEBUG_BIN := .build/debug/poddeck

.PHONY: all deps build release test demo sandbox-stop bench fuzz drills clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Tests start real servers (etcd, dockerd, registry, tmux); at most TEST_WIDTH run at once so that a
# small runner is not overloaded into missing deadlines.
TEST_WIDTH ?= 6
test: deps
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) $(SWIFT) test --skip-build

demo: build
	@scripts/demo

sandbox-stop:
	@scripts/sandbox stop

bench: release
	@scripts/bench

# libFuzzer over the parsers, FUZZ_RUNS (default 200000) inputs each; not part of `make test`.
fuzz: deps
	@scripts/fuzz

# Reliability and security drills against real servers; prints the reliability table.
drills: deps
	@scripts/drills

clean:
	rm -rf .build .build-fuzz .sandbox
