#!/bin/bash
# Registry pull and archive load throughput against skopeo, in the same run, alternated:
#   islander pull 127.0.0.1:PORT/bench:1              into a fresh, empty ISLANDER_ROOT each run
#   skopeo copy docker://127.0.0.1:PORT/bench:1 oci:DIR  into a fresh dir each run
#   islander image load -i bench.tar                  (when `image load` exists) into a fresh store each run
#   skopeo copy docker-archive:bench.tar oci:DIR       into a fresh dir each run
# The image (PULL_IMAGE_MB, default 150 MB, in 3 layers, each half random bytes and half text: part
# incompressible, part compressible) is generated here and pushed by skopeo to Debian's docker-registry, started on a free
# loopback port with a private storage dir and stopped by pid on exit. Note that islander also unpacks every
# layer (a pulled image is ready to run) while skopeo into oci:DIR only stores the blobs; for reference,
# `skopeo copy … containers-storage:` into a private store (which unpacks, as podman pull does) is timed too, and
# so is pull's work in C alone: isle-unpack of the 3 layer blobs, read from the registry's own files, 3 at once
# (what islander pull does with the bytes: keep and hash the blob, inflate, hash the tar, extract; no download,
# no CLI, no HTTP), a floor that no pull that unpacks and verifies can go under on this machine.
# Goals: islander pull <= 1.0x skopeo copy; islander image load <= 1.0x skopeo copy.
# shellcheck source-path=SCRIPTDIR disable=SC2016  # case commands and hooks are single-quoted to be eval'd later
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BENCH_ROUNDS=${PULL_ROUNDS:-5}
BENCH_WARMUP=1
PULL_IMAGE_MB=${PULL_IMAGE_MB:-150}
bench_make_tmp

echo "== pull: a ${PULL_IMAGE_MB} MB image from a loopback registry, and the same image from a docker-archive"

for tool in docker-registry skopeo; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "  skipped: $tool not installed (apt-get install docker-registry skopeo)"
		bench_skip_goal "islander pull/skopeo copy" 1.0 "$tool missing"
		bench_skip_goal "islander load/skopeo copy" 1.0 "$tool missing"
		exit 0
	fi
done

# --- the image: a docker-archive with 3 layers -------------------------------------------------------------------
layer_mb=$((PULL_IMAGE_MB / 3))
archive_dir=$BENCH_TMP/archive
mkdir -p "$archive_dir"
diff_ids=() layers=()
for i in 1 2 3; do
	tree=$BENCH_TMP/layer$i
	mkdir -p "$tree/data$i"
	head -c $((layer_mb * 1024 * 1024 / 2)) /dev/urandom >"$tree/data$i/random.bin"
	(seq "$i" 3 100000000 || true) | head -c $((layer_mb * 1024 * 1024 / 2)) >"$tree/data$i/numbers.txt"
	tar -cf "$archive_dir/layer$i.tar" -C "$tree" .
	rm -rf "$tree"
	diff_ids+=("\"sha256:$(sha256sum "$archive_dir/layer$i.tar" | cut -d' ' -f1)\"")
	layers+=("\"layer$i.tar\"")
done
join_by_comma() { local IFS=,; echo "$*"; }
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
	"$(join_by_comma "${diff_ids[@]}")" >"$archive_dir/config.json"
printf '[{"Config":"config.json","RepoTags":["bench:1"],"Layers":[%s]}]' "$(join_by_comma "${layers[@]}")" >"$archive_dir/manifest.json"
archive=$BENCH_TMP/bench.tar
tar -cf "$archive" -C "$archive_dir" manifest.json config.json layer1.tar layer2.tar layer3.tar
rm -rf "$archive_dir"

# --- the registry ---------------------------------------------------------------------------------------------
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
host=127.0.0.1:$port
cat >"$BENCH_TMP/registry.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $BENCH_TMP/registry
http:
  addr: $host
EOF
docker-registry serve "$BENCH_TMP/registry.yml" 2>"$BENCH_TMP/registry.log" &
registry_pid=$!
bench_on_exit "kill $registry_pid 2>/dev/null; wait $registry_pid 2>/dev/null"
for _ in $(seq 200); do
	node -e 'fetch(process.argv[1]).then(() => process.exit(0), () => process.exit(1))' "http://$host/v2/" && break
	sleep 0.05
done
skopeo copy --quiet --insecure-policy --dest-tls-verify=false "docker-archive:$archive" "docker://$host/bench:1" ||
	bench_die "skopeo could not push the bench image: $(tail -n 2 "$BENCH_TMP/registry.log")"
compressed=$(du -sm "$BENCH_TMP/registry" | cut -f1)
bench_note "registry REG = $host; image: $(du -m "$archive" | cut -f1) MB uncompressed, ${compressed} MB in the registry (gzip layers)"

# --- the cases --------------------------------------------------------------------------------------------------
have_pull=no have_load=no
pull_label="islander pull REG/bench:1"
load_label="islander image load -i bench.tar"
if bench_find_islander; then
	export ISLANDER_ROOT=$BENCH_TMP/islander-check
	if "${ISLANDER[@]}" pull "$host/bench:1" >"$BENCH_TMP/check.log" 2>&1; then
		have_pull=yes
	else
		echo "  skipped islander pull: $(bench_why "$BENCH_TMP/check.log")"
	fi
	bench_remove_tree "$ISLANDER_ROOT"
	if "${ISLANDER[@]}" image load -i "$archive" >"$BENCH_TMP/check.log" 2>&1; then
		have_load=yes
	else
		echo "  skipped islander image load: $(bench_why "$BENCH_TMP/check.log")"
	fi
	bench_remove_tree "$ISLANDER_ROOT"
fi

fresh_root='export ISLANDER_ROOT=$(mktemp -d "$BENCH_TMP/islander-root.XXXXXX")'
drop_root='bench_remove_tree "$ISLANDER_ROOT"'
[ $have_pull = no ] || bench_case "$pull_label" "$(printf '%q ' "${ISLANDER[@]}" pull "$host/bench:1")" "$fresh_root" "$drop_root"
bench_case "skopeo copy docker://REG/bench:1 oci:DIR" \
	"skopeo copy --quiet --insecure-policy --src-tls-verify=false docker://$host/bench:1"' "oci:$dest"' \
	'dest=$(mktemp -d "$BENCH_TMP/oci.XXXXXX")' 'bench_remove_tree "$dest"'
# For reference: skopeo into containers-storage (podman's store) unpacks the layers too, as islander does.
bench_case "skopeo copy docker://REG/bench:1 containers-storage:" \
	"skopeo copy --quiet --insecure-policy --src-tls-verify=false docker://$host/bench:1"' "containers-storage:[overlay@$cs/root+$cs/run]localhost/bench:1"' \
	'cs=$(mktemp -d "$BENCH_TMP/cs.XXXXXX")' 'bench_remove_tree "$cs"'
# The floor: the registry's stored blobs of the 3 layers (those over 1 MiB), each into its own isle-unpack.
# (Its variables are floor_*: a case runs inside bench_alternate, whose own variables it must not overwrite.)
isle_unpack=${ISLANDER_LIBEXEC:-$REPO_DIR/runtime-c/build}/isle-unpack
mapfile -t layer_blobs < <(find "$BENCH_TMP/registry" -path '*/blobs/sha256/*/data' -size +1M)
floor_label="isle-unpack of the 3 layer blobs, 3 at once"
have_floor=no
if [ -x "$isle_unpack" ] && [ ${#layer_blobs[@]} -eq 3 ]; then
	have_floor=yes
	bench_case "$floor_label" \
		'for floor_n in 0 1 2; do mkdir "$unpacked/$floor_n" && '"$(printf '%q' "$isle_unpack")"' --layer --gunzip --hash --keep "$unpacked/blob$floor_n" --dest "$unpacked/$floor_n" <"${layer_blobs[$floor_n]}" & floor_pids[floor_n]=$!; done; floor_ok=yes; for floor_pid in "${floor_pids[@]}"; do wait "$floor_pid" || floor_ok=no; done; [ $floor_ok = yes ]' \
		'unpacked=$(mktemp -d "$BENCH_TMP/unpacked.XXXXXX")' 'bench_remove_tree "$unpacked"'
fi
[ $have_load = no ] || bench_case "$load_label" "$(printf '%q ' "${ISLANDER[@]}" image load -i "$archive")" "$fresh_root" "$drop_root"
bench_case "skopeo copy docker-archive:bench.tar oci:DIR" \
	"skopeo copy --quiet --insecure-policy docker-archive:$archive"' "oci:$dest"' \
	'dest=$(mktemp -d "$BENCH_TMP/oci.XXXXXX")' 'bench_remove_tree "$dest"'

bench_alternate
bench_table
echo

if [ $have_pull = yes ]; then
	bench_ratio "islander pull/skopeo copy" "$pull_label" "skopeo copy docker://REG/bench:1 oci:DIR" 1.0
	bench_ratio "islander pull/skopeo unpacking" "$pull_label" "skopeo copy docker://REG/bench:1 containers-storage:"
else
	bench_skip_goal "islander pull/skopeo copy" 1.0 "islander pull not runnable, see above"
fi
[ $have_floor = no ] || bench_ratio "unpack floor/skopeo copy" "$floor_label" "skopeo copy docker://REG/bench:1 oci:DIR"
if [ $have_load = yes ]; then
	bench_ratio "islander load/skopeo copy" "$load_label" "skopeo copy docker-archive:bench.tar oci:DIR" 1.0
else
	bench_skip_goal "islander load/skopeo copy" 1.0 "islander image load not runnable, see above"
fi
