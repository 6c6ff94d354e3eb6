#!/bin/bash
# Detached containers, against podman in the same run:
#   islander run -d alpine-stress sleep 600   vs   podman run -d --network none (runc) of the same tarball
#   islander ps with 50 running containers vs with none: the cost per container, against podman's
# Goals: run -d <= 0.8x podman's run -d; ps at most 1 ms slower per running container (podman: ~1.4 ms).
# shellcheck source-path=SCRIPTDIR disable=SC2016  # case commands and hooks are single-quoted to be eval'd later
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck source=podman.sh
source "$BENCH_DIR/podman.sh"

[ -f "$BENCH_IMAGE" ] || bench_die "no image at $BENCH_IMAGE; run: make -C rootfs-images"
bench_make_tmp
name=alpine-stress
FLEET=${BENCH_FLEET:-50}

echo "== detached containers: run -d, and ps with $FLEET running"

bench_find_islander || bench_die "islander is not built"
export ISLANDER_ROOT=$BENCH_TMP/islander-root
"${ISLANDER[@]}" image import "$BENCH_IMAGE" "$name" >/dev/null
islander_rm_all() { local ids; ids=$("${ISLANDER[@]}" ps -aq); [ -z "$ids" ] || "${ISLANDER[@]}" rm -f $ids >/dev/null; }
bench_on_exit islander_rm_all

have_podman=no
podman_dir=$BENCH_TMP/podman
bench_on_exit 'podman_teardown "$podman_dir"'
if podman_setup "$podman_dir" "$BENCH_IMAGE" "localhost/$name:latest"; then
	have_podman=yes
	podman_detached=("${PODMAN[@]}" run -d --network none --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 "localhost/$name:latest" sleep 600)
	podman_rm_all() { local ids; ids=$("${PODMAN[@]}" ps -aq); [ -z "$ids" ] || "${PODMAN[@]}" rm -f -t 0 $ids >/dev/null 2>&1; }
	bench_on_exit podman_rm_all
else
	echo "  skipped podman: $PODMAN_WHY"
fi

# run -d: each run leaves a container running; the untimed after-step removes it.
bench_case "islander run -d $name sleep 600" "$(printf '%q ' "${ISLANDER[@]}" run -d "$name" sleep 600)" : islander_rm_all
[ $have_podman = no ] || bench_case "podman run -d $name sleep 600" "$(printf '%q ' "${podman_detached[@]}")" : podman_rm_all
bench_alternate
bench_table
if [ $have_podman = yes ]; then
	bench_ratio "islander/podman run -d" "islander run -d $name sleep 600" "podman run -d $name sleep 600" 0.8
else
	bench_skip_goal "islander/podman run -d" 0.8 "podman not runnable, see above"
fi
echo

# ps with none, then with a fleet running.
BENCH_LABELS=() BENCH_CMDS=() BENCH_BEFORE=() BENCH_AFTER=()
bench_case "islander ps (0 running)" "$(printf '%q ' "${ISLANDER[@]}" ps)"
[ $have_podman = no ] || bench_case "podman ps (0 running)" "$(printf '%q ' "${PODMAN[@]}" ps)"
bench_alternate
for ((i = 0; i < FLEET; i++)); do "${ISLANDER[@]}" run -d "$name" sleep 600 >/dev/null; done
if [ $have_podman = yes ]; then
	for ((i = 0; i < FLEET; i++)); do "${podman_detached[@]}" >/dev/null; done
fi
saved_labels=("${BENCH_LABELS[@]}")
for ((i = 0; i < ${#saved_labels[@]}; i++)); do
	cp "$(bench_samples_file "$i")" "$BENCH_TMP/empty.$i"
	cp "$(bench_cpu_file "$i")" "$BENCH_TMP/empty-cpu.$i"
done
BENCH_LABELS=() BENCH_CMDS=() BENCH_BEFORE=() BENCH_AFTER=()
bench_case "islander ps ($FLEET running)" "$(printf '%q ' "${ISLANDER[@]}" ps)"
[ $have_podman = no ] || bench_case "podman ps ($FLEET running)" "$(printf '%q ' "${PODMAN[@]}" ps)"
bench_alternate
for ((i = 0; i < ${#saved_labels[@]}; i++)); do
	BENCH_LABELS+=("${saved_labels[$i]}")
	cp "$BENCH_TMP/empty.$i" "$(bench_samples_file $((${#BENCH_LABELS[@]} - 1)))"
	cp "$BENCH_TMP/empty-cpu.$i" "$(bench_cpu_file $((${#BENCH_LABELS[@]} - 1)))"
done
bench_table
per_container() {
	local full empty
	full=$(bench_median "$1 ps ($FLEET running)") empty=$(bench_median "$1 ps (0 running)")
	awk -v f="$full" -v e="$empty" -v n="$FLEET" 'BEGIN { printf "%.2f", (f - e) / n }'
}
islander_per=$(per_container islander)
verdict=$(awk -v p="$islander_per" 'BEGIN { print (p <= 1.0) ? "PASS" : "FAIL" }')
printf '  %-34s %6s ms per running container (goal <= 1 ms) %s\n' "islander ps cost:" "$islander_per" "$verdict"
[ -z "${BENCH_RESULTS:-}" ] || echo "$verdict islander ps per container" >>"$BENCH_RESULTS"
[ $have_podman = no ] || printf '  %-34s %6s ms per running container (for reference)\n' "podman ps cost:" "$(per_container podman)"
