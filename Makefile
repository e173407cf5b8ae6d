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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

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
