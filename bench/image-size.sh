#!/bin/bash
# Container start time against image size, measured in the same run and the same store:
#   islander run --rm small /bin/true   the test image (~5 MB unpacked), loaded as a one-layer docker-save archive
#   islander run --rm big /bin/true     the same base layer plus a ~500 MB layer of random data
# Goal: big/small <= 1.1. The overlay's lower dirs are the stored layers, so nothing is copied at start and the
# size of an image should not show. The big image is generated here, in this script's temp dir (BENCH_BIG_MB
# sets its size, default 500).
# shellcheck source-path=SCRIPTDIR disable=SC2016  # case commands are single-quoted to be eval'd later
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ -f "$BENCH_IMAGE" ] || bench_die "no image at $BENCH_IMAGE; run: make -C rootfs-images"
bench_make_tmp
big_mb=${BENCH_BIG_MB:-500}

echo "== image size: start-up with a small and a ${big_mb} MB image"

# A docker-save archive of the given plain layer tars (bottom first), named $1.
make_archive() {
	local name=$1 dir
	shift
	dir=$(mktemp -d "$BENCH_TMP/archive.XXXXXX")
	local diff_ids=() layers=()
	for layer in "$@"; do
		local sum
		sum=$(sha256sum "$layer" | cut -d' ' -f1)
		mkdir "$dir/$sum"
		ln "$layer" "$dir/$sum/layer.tar"
		diff_ids+=("\"sha256:$sum\"")
		layers+=("\"$sum/layer.tar\"")
	done
	local config
	config=$(printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
		"$(IFS=,; echo "${diff_ids[*]}")")
	local config_sum
	config_sum=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
	printf '%s' "$config" >"$dir/$config_sum.json"
	printf '[{"Config":"%s.json","RepoTags":["%s:latest"],"Layers":[%s]}]' "$config_sum" "$name" \
		"$(IFS=,; echo "${layers[*]}")" >"$dir/manifest.json"
	tar -C "$dir" -cf "$BENCH_TMP/$name.tar" .
	bench_remove_tree "$dir"
}

gzip -dc "$BENCH_IMAGE" >"$BENCH_TMP/base.tar"
mkdir "$BENCH_TMP/big-tree"
head -c "$((big_mb * 1024 * 1024))" /dev/urandom >"$BENCH_TMP/big-tree/random.bin"
tar -C "$BENCH_TMP/big-tree" -cf "$BENCH_TMP/big-layer.tar" .
rm -rf "$BENCH_TMP/big-tree"
make_archive small "$BENCH_TMP/base.tar"
make_archive big "$BENCH_TMP/base.tar" "$BENCH_TMP/big-layer.tar"
rm -f "$BENCH_TMP/big-layer.tar"
small_mb=$(($(stat -c %s "$BENCH_TMP/base.tar") / 1000000))

have_islander=no
if bench_find_islander; then
	export ISLANDER_ROOT=$BENCH_TMP/islander-root
	for name in small big; do
		if ! "${ISLANDER[@]}" load -i "$BENCH_TMP/$name.tar" >"$BENCH_TMP/load-$name.log" 2>&1; then
			islander_why="islander load $name failed: $(bench_why "$BENCH_TMP/load-$name.log")"
			break
		fi
		rm -f "$BENCH_TMP/$name.tar"
	done
	if [ -z "${islander_why:-}" ] && ! "${ISLANDER[@]}" run --rm big /bin/true >"$BENCH_TMP/run.log" 2>&1; then
		islander_why="islander run --rm big /bin/true failed: $(bench_why "$BENCH_TMP/run.log")"
	fi
	if [ -z "${islander_why:-}" ]; then
		have_islander=yes
		bench_case "islander run --rm small (${small_mb} MB) /bin/true" "$(printf '%q ' "${ISLANDER[@]}" run --rm small /bin/true)"
		bench_case "islander run --rm big (+${big_mb} MB) /bin/true" "$(printf '%q ' "${ISLANDER[@]}" run --rm big /bin/true)"
	else
		echo "  skipped islander: $islander_why"
	fi
fi

if [ $have_islander = yes ]; then
	bench_alternate
	bench_table
	echo
	bench_ratio "start-up big/small image" "islander run --rm big (+${big_mb} MB) /bin/true" \
		"islander run --rm small (${small_mb} MB) /bin/true" 1.1
else
	bench_skip_goal "start-up big/small image" 1.1 "islander not runnable, see above"
fi
