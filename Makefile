# PodDeck: `make demo` sets up and opens the dashboard on a local sandbox; `make test` runs every test.
SWIFT ?= swift
# Extra flags for `swift build` (the install test passes --ignore-lock: it runs inside `swift test`,
# which holds .build's lock while the tests run and builds nothing meanwhile).
SWIFT_BUILD_FLAGS ?=
DEBUG_BIN := .build/debug/poddeck

.PHONY: all deps build release test demo sandbox-stop bench fuzz drills clean install uninstall

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the binary needs no Swift
# toolchain where it runs, and a command starts ~5 ms sooner (no loading and binding of 20 shared
# libraries), which every headless call pays.
# Generic types are instantiated through metadata accessors rather than by mangled name: by name,
# each first use of a type with a conformance requirement made the runtime scan all ~14,500
# conformance records of the binary, ~2.5 ms of every command's start (the binary grows by 0.7 MB).
# Nothing loads the binary's own symbols by name, so they are not exported (the static runtime
# exports them all: 79,000 dynamic symbols, which the loader binds and the runtime's start-up
# `dladdr` walks, ~2 ms); the symbol table is still there for debuggers and `addr2line`.
RELEASE_FLAGS := -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors -Xlinker --no-export-dynamic
release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(RELEASE_FLAGS) $(SWIFT_BUILD_FLAGS)

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

# `make install` (PREFIX, default /usr/local; DESTDIR for packaging): the release binary, the
# themes where the binary finds them (PREFIX/share/poddeck/themes), bash/zsh/fish completions
# and poddeck(1) generated from the command definitions. `make uninstall` removes them.
PREFIX ?= /usr/local
RELEASE_BIN := .build/release/poddeck
INSTALL_ROOT = $(DESTDIR)$(PREFIX)

install: release
	install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/share/poddeck/themes $(INSTALL_ROOT)/share/man/man1 \
		$(INSTALL_ROOT)/share/bash-completion/completions $(INSTALL_ROOT)/share/zsh/site-functions \
		$(INSTALL_ROOT)/share/fish/vendor_completions.d
	install -m 0755 $(RELEASE_BIN) $(INSTALL_ROOT)/bin/poddeck
	install -m 0644 themes/*.yaml $(INSTALL_ROOT)/share/poddeck/themes/
	$(RELEASE_BIN) --generate-completion-script bash > $(INSTALL_ROOT)/share/bash-completion/completions/poddeck
	$(RELEASE_BIN) --generate-completion-script zsh > $(INSTALL_ROOT)/share/zsh/site-functions/_poddeck
	$(RELEASE_BIN) --generate-completion-script fish > $(INSTALL_ROOT)/share/fish/vendor_completions.d/poddeck.fish
	scripts/generate-man $(RELEASE_BIN) > $(INSTALL_ROOT)/share/man/man1/poddeck.1

uninstall:
	rm -f $(INSTALL_ROOT)/bin/poddeck $(INSTALL_ROOT)/share/man/man1/poddeck.1 \
		$(INSTALL_ROOT)/share/bash-completion/completions/poddeck $(INSTALL_ROOT)/share/zsh/site-functions/_poddeck \
		$(INSTALL_ROOT)/share/fish/vendor_completions.d/poddeck.fish
	rm -rf $(INSTALL_ROOT)/share/poddeck
