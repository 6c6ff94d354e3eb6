#!/usr/bin/env bash
# Resident memory per running container: isle-shim (dynamic and -static builds) against podman's conmon.
# Starts SHIM_BENCH_N (default 5) `sleep` containers with each, reads VmRSS (/proc/PID/status) and Pss
# (/proc/PID/smaps_rollup) of every monitor process, prints the averages, and cleans everything up.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$BENCH_DIR/podman.sh"

N=${SHIM_BENCH_N:-5}
bench_make_tmp
SHIM_PIDS=()
bench_on_exit 'for p in "${SHIM_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done'

echo "== isle-shim vs conmon: memory per running container ($N containers each)"
make -s -C "$REPO_DIR/runtime-c" build/isle-shim
make -s -C "$REPO_DIR/runtime-c" BUILD="$BENCH_TMP/static" LDFLAGS=-static "$BENCH_TMP/static/isle-shim"

# A busybox bundle whose container sleeps.
bundle=$BENCH_TMP/bundle
mkdir -p "$bundle/rootfs/bin"
cp /bin/busybox "$bundle/rootfs/bin/busybox"
ln -s busybox "$bundle/rootfs/bin/sleep"
cat >"$bundle/config.json" <<-JSON
	{"ociVersion":"1.0.2","process":{"args":["sleep","600"],"env":["PATH=/bin"],"cwd":"/"},"root":{"path":"rootfs"},
	 "mounts":[{"destination":"/proc","type":"proc","source":"proc"}],
	 "linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"ipc"},{"type":"uts"},{"type":"network"}]}}
JSON

kib() { awk -v k="$2" '$1 == k":" { print $2 }' "$1"; }

# measure LABEL PID...: average VmRSS and Pss in KiB.
measure() {
	local label=$1 rss=0 pss=0 n=0 pid
	shift
	for pid in "$@"; do
		rss=$((rss + $(kib "/proc/$pid/status" VmRSS)))
		pss=$((pss + $(kib "/proc/$pid/smaps_rollup" Pss)))
		n=$((n + 1))
	done
	printf '  %-26s %4d procs   VmRSS %6d KiB   Pss %6d KiB\n' "$label" "$n" $((rss / n)) $((pss / n))
}

# run_shims BINARY: starts N shims (no --sync-fd: they start the container at once), waits for shim.json.
run_shims() {
	local bin=$1 i dir pids=()
	for i in $(seq "$N"); do
		dir=$BENCH_TMP/c-$RANDOM-$i
		mkdir -p "$dir/run" "$dir/persist"
		"$bin" --id "c$i" --bundle "$bundle" --state-dir "$dir/run" --log-file "$dir/persist/container.log" \
			--exit-file "$dir/persist/exit.json"
		for _ in $(seq 500); do [ -s "$dir/run/shim.json" ] && break; sleep 0.01; done
		pids+=("$(sed 's/.*"shimPid":\([0-9]*\).*/\1/' "$dir/run/shim.json")")
	done
	SHIM_PIDS+=("${pids[@]}")
	RUN_PIDS=("${pids[@]}")
}

run_shims "$REPO_DIR/runtime-c/build/isle-shim"
measure "isle-shim (dynamic)" "${RUN_PIDS[@]}"
dynamic=("${RUN_PIDS[@]}")
run_shims "$BENCH_TMP/static/isle-shim"
measure "isle-shim (-static)" "${RUN_PIDS[@]}"
for p in "${SHIM_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done

if podman_setup "$BENCH_TMP/podman" "$BENCH_IMAGE" shimbench; then
	bench_on_exit 'podman_teardown "$BENCH_TMP/podman"'
	conmons=()
	for i in $(seq "$N"); do
		id=$("${PODMAN[@]}" "${PODMAN_RUN_ARGS[@]}" -d shimbench sleep 600)
		conmons+=("$("${PODMAN[@]}" inspect --format '{{.State.ConmonPid}}' "$id")")
	done
	measure "conmon (podman, runc)" "${conmons[@]}"
else
	echo "  conmon: skipped: $PODMAN_WHY"
fi
