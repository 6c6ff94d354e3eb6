# Islander — top-level build. `make demo` builds everything and runs the demo; `make test` runs the whole suite.
# Each step installs what it needs (apt and npm packages), so both work on a fresh Debian/Ubuntu machine as root.
SHELL := /bin/bash
.DEFAULT_GOAL := all

APT_PACKAGES := build-essential busybox-static stress iptables iproute2 util-linux zstd gzip
STAMP := .make

.PHONY: all deps runtime js images demo test test-unit test-integration test-cgroup2 bench clean

all: runtime js images

$(STAMP):
	mkdir -p $(STAMP)

# apt-get only when a package is missing, so repeated runs cost nothing.
deps: | $(STAMP)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@[ -d node_modules/@oclif/core ] || npm ci --no-audit --no-fund

runtime: deps
	$(MAKE) -C runtime-c

js: deps
	npm run --silent build

images: deps
	$(MAKE) -C rootfs-images

demo: all
	./scripts/demo.sh

test: all
	./scripts/test.sh

test-unit: js
	npx vitest run test/unit

test-cgroup2: all
	$(MAKE) -C test/cgroup2-lane run

bench: all
	./bench/run.sh

clean:
	$(MAKE) -C runtime-c clean
	$(MAKE) -C rootfs-images clean
	rm -rf dist $(STAMP)
