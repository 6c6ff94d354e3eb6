#!/bin/bash
# `logs` of a ~100 MB log (650,000 lines), to /dev/null, against podman in the same run:
#   islander logs NAME   a json-lines log in the isle-shim's format, written by log-fixture.mjs into a temp store
#   podman logs NAME     a container (k8s-file log driver, private store) that printed the same lines
# Both logs hold the same LOGS_LINES lines ("line N lorem ipsum ..."); the formats differ (json-lines vs
# k8s-file), so the islander file is the larger one. Goal: islander <= 1.0x podman.
# shellcheck source-path=SCRIPTDIR disable=SC2016  # case commands are single-quoted to be eval'd later
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck source=podman.sh
source "$BENCH_DIR/podman.sh"

LOGS_LINES=${LOGS_LINES:-650000}
BENCH_ROUNDS=${LOGS_ROUNDS:-7}
BENCH_WARMUP=1
[ -f "$BENCH_IMAGE" ] || bench_die "no image at $BENCH_IMAGE; run: make -C rootfs-images"
bench_make_tmp
name=alpine-stress
text=$(sed -n "s/^export const LINE_TEXT = '\(.*\)';$/\1/p" "$BENCH_DIR/log-fixture.mjs")
[ -n "$text" ] || bench_die "LINE_TEXT not found in log-fixture.mjs"

echo "== logs: print a log of $LOGS_LINES lines to /dev/null"

have_islander=no
if bench_find_islander; then
	export ISLANDER_ROOT=$BENCH_TMP/islander-root
	node "$BENCH_DIR/log-fixture.mjs" "$ISLANDER_ROOT" bench-logs "$LOGS_LINES" >/dev/null
	size=$(du -m "$ISLANDER_ROOT"/containers/*/container.log | cut -f1)
	bench_note "islander log: ${size} MB json-lines"
	if ! "${ISLANDER[@]}" logs --tail 1 bench-logs >"$BENCH_TMP/islander-logs.log" 2>&1; then
		echo "  skipped islander: islander logs failed: $(bench_why "$BENCH_TMP/islander-logs.log")"
	else
		have_islander=yes
		bench_case "islander logs (${size} MB)" "$(printf '%q ' "${ISLANDER[@]}" logs bench-logs)"
	fi
fi

have_podman=no
podman_dir=$BENCH_TMP/podman
bench_on_exit 'podman_teardown "$podman_dir"'
if podman_setup "$podman_dir" "$BENCH_IMAGE" "localhost/$name:latest"; then
	program="BEGIN { for (i = 0; i < $LOGS_LINES; i++) print \"line \" i \" $text\" }"
	if "${PODMAN[@]}" run --name bench-logs --network none --log-driver k8s-file \
		--ulimit nofile=20000:20000 --ulimit nproc=32768:32768 "localhost/$name:latest" awk "$program" \
		>/dev/null 2>"$BENCH_TMP/podman-run.log"; then
		lines=$("${PODMAN[@]}" logs bench-logs | wc -l)
		log_path=$("${PODMAN[@]}" inspect --format '{{.HostConfig.LogConfig.Path}}' bench-logs)
		bench_note "podman log: $(du -m "$log_path" | cut -f1) MB k8s-file, $lines lines"
		if [ "$lines" -ne "$LOGS_LINES" ]; then
			echo "  skipped podman: its log holds $lines lines, not $LOGS_LINES"
		else
			have_podman=yes
			bench_case "podman logs" "$(printf '%q ' "${PODMAN[@]}" logs bench-logs)"
		fi
	else
		echo "  skipped podman: podman run failed: $(bench_why "$BENCH_TMP/podman-run.log")"
	fi
else
	echo "  skipped podman: $PODMAN_WHY"
fi

[ $have_islander = yes ] || [ $have_podman = yes ] || { bench_skip_goal "islander/podman logs" 1.0 "nothing runnable"; exit 0; }
bench_alternate
bench_table
echo
if [ $have_islander = yes ] && [ $have_podman = yes ]; then
	bench_ratio "islander/podman logs" "islander logs (${size} MB)" "podman logs" 1.0
else
	bench_skip_goal "islander/podman logs" 1.0 "islander or podman not runnable, see above"
fi
