# Islander — top-level build. `make demo` builds everything and runs the demo; `make test` runs the whole suite.
# Each step installs what it needs (apt and npm packages), so both work on a fresh Debian/Ubuntu machine as root.
SHELL := /bin/bash
.DEFAULT_GOAL := all

APT_PACKAGES := build-essential busybox-static stress iptables iproute2 util-linux zstd gzip \
	docker-registry skopeo apache2-utils btrfs-progs libisal-dev libssl-dev
BENCH_PACKAGES := podman netavark runc crun hyperfine

.PHONY: all deps runtime js images demo test test-unit test-integration test-cgroup2 bench bench-cgroup2 clean

all: runtime js images

# apt-get only when a package is missing, so repeated runs cost nothing.
define apt_ensure
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# npm ci only when the lock file differs from the one last installed (content, not mtime: a fresh clone's
# timestamps say nothing).
deps:
	$(call apt_ensure,$(APT_PACKAGES))
	@cmp -s package-lock.json node_modules/.islander-installed-lock 2>/dev/null || \
	  { npm ci --no-audit --no-fund && cp package-lock.json node_modules/.islander-installed-lock; }

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
	$(call apt_ensure,$(BENCH_PACKAGES))
	./bench/run.sh

# crun refuses this host's hybrid cgroup layout; in the cgroup v2 guest it runs, so isle-init is compared with it there.
bench-cgroup2: all
	$(call apt_ensure,$(BENCH_PACKAGES))
	$(MAKE) -C test/cgroup2-lane run LANE_TESTS='bash bench/runtime-c.sh'

clean:
	$(MAKE) -C runtime-c clean
	$(MAKE) -C rootfs-images clean
	rm -rf dist
