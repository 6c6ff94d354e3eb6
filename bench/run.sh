#!/bin/bash
# Entry point of `make bench`: prints the machine, then runs each bench (start-up, import, and the C runtime
# against runc when bench/runtime-c.sh exists) and a summary of the goals.
#
# Environment: ISLANDER_BIN (default: bin/islander.cjs of this checkout), BENCH_ROUNDS (default 30),
# BENCH_WARMUP (default 2), BENCH_STRICT=1 to exit 1 when a goal fails.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export BENCH_ROUNDS BENCH_WARMUP BENCH_IMAGE ISLANDER_BIN=${ISLANDER_BIN:-$REPO_DIR/bin/islander.cjs}

[ "$(id -u)" = 0 ] || bench_die "run as root: the benches create namespaces and run podman as root"
if [ ! -f "$BENCH_IMAGE" ]; then
	make -C "$REPO_DIR/rootfs-images" >/dev/null || bench_die "could not build $BENCH_IMAGE"
fi

bench_make_tmp
export BENCH_RESULTS=$BENCH_TMP/results
: >"$BENCH_RESULTS"

version_of() { command -v "$1" >/dev/null 2>&1 && "$@" 2>/dev/null | head -n 1 || echo "$1 unavailable"; }
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
case $(stat -fc %T /sys/fs/cgroup) in
	cgroup2fs) cgroups="cgroup v2" ;;
	*) cgroups="cgroup v1" ;;
esac
echo "machine: ${cpu:-unknown cpu}, $(nproc) cpus, $mem; kernel $(uname -r) $(uname -m); $cgroups;" \
	"temp dirs on $(findmnt -no FSTYPE -T "${TMPDIR:-/tmp}" 2>/dev/null || stat -fc %T "${TMPDIR:-/tmp}")"
echo "tools: node $(node --version), $(version_of podman --version), $(version_of runc --version)," \
	"islander: $ISLANDER_BIN"
echo "image: $BENCH_IMAGE (sha256:$(gzip -dc "$BENCH_IMAGE" | sha256sum | cut -c1-12))"
echo

crashed=()
run_bench() {
	local script=$BENCH_DIR/$1
	[ -f "$script" ] || { echo "== $1: not present, skipped"; echo; return 0; }
	bash "$script" || crashed+=("$1 (exit $?)")
	echo
}
started=$SECONDS
run_bench startup.sh
run_bench import.sh
run_bench image-size.sh
run_bench pull.sh
run_bench runtime-c.sh
run_bench lifecycle.sh
run_bench shim-memory.sh
run_bench logs.sh

pass=$(grep -c '^PASS' "$BENCH_RESULTS" || true)
fail=$(grep -c '^FAIL' "$BENCH_RESULTS" || true)
skipped=$(grep -c '^SKIPPED' "$BENCH_RESULTS" || true)
echo "goals: $pass passed, $fail failed, $skipped skipped ($((SECONDS - started))s)"
[ "$fail" = 0 ] || grep '^FAIL' "$BENCH_RESULTS" | sed 's/^FAIL /  failed: /'
if [ ${#crashed[@]} -gt 0 ]; then
	printf '  bench did not finish: %s\n' "${crashed[@]}"
	exit 1
fi
[ "${BENCH_STRICT:-0}" = 1 ] && [ "$fail" != 0 ] && exit 1
exit 0
