#!/bin/bash
# Image import time against plain extraction of the same file, measured in the same run:
#   islander image import alpine-stress.tar.gz alpine-stress   (into a fresh, empty ISLANDER_ROOT each run)
#   tar -xzf alpine-stress.tar.gz                              (into a fresh, empty dir each run)
# Goal: islander <= 1.5x tar. Creating and removing the empty dirs is not timed.
# shellcheck source-path=SCRIPTDIR disable=SC2016  # case commands and hooks are single-quoted to be eval'd later
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ -f "$BENCH_IMAGE" ] || bench_die "no image at $BENCH_IMAGE; run: make -C rootfs-images"
bench_make_tmp
name=alpine-stress
islander_label="islander image import $(basename "$BENCH_IMAGE") $name"
tar_label="tar -xzf $(basename "$BENCH_IMAGE")"

echo "== import: unpack the image tarball"

have_islander=no
if bench_find_islander; then
	export ISLANDER_ROOT=$BENCH_TMP/islander-check
	if "${ISLANDER[@]}" image import "$BENCH_IMAGE" "$name" >"$BENCH_TMP/islander-import.log" 2>&1; then
		have_islander=yes
	else
		islander_why="islander image import failed: $(bench_why "$BENCH_TMP/islander-import.log")"
		echo "  skipped islander: $islander_why"
	fi
	bench_remove_tree "$ISLANDER_ROOT"
fi

# A fresh store each run: a second import into the same store could find the image already there.
if [ $have_islander = yes ]; then
	bench_case "$islander_label" \
		"$(printf '%q ' "${ISLANDER[@]}" image import "$BENCH_IMAGE" "$name")" \
		'export ISLANDER_ROOT=$(mktemp -d "$BENCH_TMP/islander-root.XXXXXX")' \
		'bench_remove_tree "$ISLANDER_ROOT"'
fi
bench_case "$tar_label" \
	"$(printf '%q ' tar -xzf "$BENCH_IMAGE")"' -C "$dest"' \
	'dest=$(mktemp -d "$BENCH_TMP/tar-dest.XXXXXX")' \
	'bench_remove_tree "$dest"'

bench_alternate
bench_table
echo

if [ $have_islander = yes ]; then
	bench_ratio "islander import/tar -xzf" "$islander_label" "$tar_label" 1.5
else
	bench_skip_goal "islander import/tar -xzf" 1.5 "islander not runnable, see above"
fi
