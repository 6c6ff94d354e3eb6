#!/bin/bash
# Start-up time of a container that runs /bin/true, against the peers measured in the same run:
#   islander run --rm alpine-stress /bin/true
#   podman run --rm --network none (runc, private storage) of the same tarball
#   node -e ''                        (the floor of any Node CLI)
#   unshare --fork --pid --mount --uts --ipc --net chroot ROOTFS /bin/true   (the kernel floor)
# Goals: islander <= 0.8x podman and <= 1.4x node.
# shellcheck source-path=SCRIPTDIR disable=SC2016  # case commands and hooks are single-quoted to be eval'd later
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck source=podman.sh
source "$BENCH_DIR/podman.sh"

[ -f "$BENCH_IMAGE" ] || bench_die "no image at $BENCH_IMAGE; run: make -C rootfs-images"
bench_make_tmp
name=alpine-stress

echo "== start-up: run /bin/true in a fresh container"

rootfs=$BENCH_TMP/rootfs
mkdir "$rootfs"
tar -xzf "$BENCH_IMAGE" -C "$rootfs" --numeric-owner
floor_label="kernel floor: unshare + chroot /bin/true"

have_islander=no
if bench_find_islander; then
	export ISLANDER_ROOT=$BENCH_TMP/islander-root
	if ! "${ISLANDER[@]}" image import "$BENCH_IMAGE" "$name" >"$BENCH_TMP/islander-import.log" 2>&1; then
		islander_why="islander image import failed: $(bench_why "$BENCH_TMP/islander-import.log")"
	elif ! "${ISLANDER[@]}" run --rm "$name" /bin/true >"$BENCH_TMP/islander-run.log" 2>&1; then
		islander_why="islander run --rm $name /bin/true failed: $(bench_why "$BENCH_TMP/islander-run.log")"
	else
		have_islander=yes
		bench_case "islander run --rm $name /bin/true" "$(printf '%q ' "${ISLANDER[@]}" run --rm "$name" /bin/true)"
	fi
	[ $have_islander = yes ] || echo "  skipped islander: $islander_why"
fi

have_podman=no
podman_dir=$BENCH_TMP/podman
bench_on_exit 'podman_teardown "$podman_dir"'
if podman_setup "$podman_dir" "$BENCH_IMAGE" "localhost/$name:latest"; then
	have_podman=yes
	bench_case "podman run --rm --network none $name /bin/true" \
		"$(printf '%q ' "${PODMAN[@]}" "${PODMAN_RUN_ARGS[@]}" "localhost/$name:latest" /bin/true)"
else
	echo "  skipped podman: $PODMAN_WHY"
fi

bench_case "node -e ''" "node -e ''"
bench_case "$floor_label" "$(printf '%q ' unshare --fork --pid --mount --uts --ipc --net chroot "$rootfs" /bin/true)"

bench_alternate
bench_table
echo

if [ $have_islander = yes ] && [ $have_podman = yes ]; then
	bench_ratio "islander/podman" "islander run --rm $name /bin/true" \
		"podman run --rm --network none $name /bin/true" 0.8
elif [ $have_islander = no ]; then
	bench_skip_goal "islander/podman" 0.8 "islander not runnable, see above"
else
	bench_skip_goal "islander/podman" 0.8 "podman not runnable, see above"
fi
if [ $have_islander = yes ]; then
	bench_ratio "islander/node" "islander run --rm $name /bin/true" "node -e ''" 1.4
	bench_ratio "islander/kernel floor" "islander run --rm $name /bin/true" "$floor_label"
else
	bench_skip_goal "islander/node" 1.4 "islander not runnable, see above"
fi
[ $have_podman = no ] || bench_ratio "podman/kernel floor" "podman run --rm --network none $name /bin/true" "$floor_label"
bench_ratio "node/kernel floor" "node -e ''" "$floor_label"
