# A private podman for the benches (sourced, not run): its own storage, run dir, network config and lock files
# under one temp dir, so a bench never reads or changes the user's containers and images.
# shellcheck shell=bash disable=SC2034  # its variables are read by the scripts that source it

# Paths podman, its image library and runc create on the host even with every directory option pointed
# elsewhere. The ones that did not exist before setup are removed at teardown (files deleted, dirs only if
# empty), deepest first.
PODMAN_HOST_PATHS=(
	/var/lib/containers/cache/blob-info-cache-v1.boltdb
	/var/lib/containers/cache
	/var/lib/containers
	/var/cache/containers/short-name-aliases.conf.lock
	/var/cache/containers
	/run/containers/networks
	/run/containers
	/etc/containers/networks/netavark.lock
	/etc/containers/networks
	/etc/cni/net.d/cni.lock
	/run/runc
)
# podman's cgroupfs manager makes libpod_parent (and its conmon group) in every hierarchy: each v1 controller's
# mount and the v2 one.
for cgroup_root in /sys/fs/cgroup /sys/fs/cgroup/*; do
	{ [ -d "$cgroup_root" ] && [ ! -L "$cgroup_root" ]; } || continue
	PODMAN_HOST_PATHS+=("$cgroup_root/libpod_parent/conmon" "$cgroup_root/libpod_parent")
done
PODMAN_CREATED_CANDIDATES=()

PODMAN=()
PODMAN_WHY=""

# podman_setup DIR IMAGE_TARBALL NAME: imports the tarball into a fresh private store under DIR and checks that
# `podman run NAME /bin/true` exits 0. Sets PODMAN (the base command) and PODMAN_RUN_ARGS; on failure returns 1
# with the reason in PODMAN_WHY.
podman_setup() {
	local dir=$1 image=$2 name=$3 driver
	command -v podman >/dev/null 2>&1 || { PODMAN_WHY="podman is not installed (apt-get install podman)"; return 1; }
	command -v runc >/dev/null 2>&1 || { PODMAN_WHY="runc is not installed (apt-get install runc)"; return 1; }
	local whys=()
	podman_record_host_paths
	for driver in overlay vfs; do
		if podman_try_driver "$dir/$driver" "$image" "$name" "$driver"; then
			[ "$driver" = overlay ] || bench_note "podman uses the vfs storage driver; overlay failed: ${whys[0]}"
			return 0
		fi
		whys+=("$PODMAN_WHY")
	done
	PODMAN_WHY="${whys[0]}; ${whys[1]}"
	return 1
}

# root lacks CAP_SYS_RESOURCE on this machine, so podman's default ulimits (raised above the hard limit) fail.
PODMAN_RUN_ARGS=(run --rm --network none --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

podman_try_driver() {
	local dir=$1 image=$2 name=$3 driver=$4
	# Runtime state on the bench's tmpfs, as /run/containers and /run/libpod are on a typical host (lib.sh).
	local run=${BENCH_RUNROOT:-$dir}/p-$driver
	mkdir -p "$dir/tmp" "$run"
	# lock_type=file keeps the lock out of /dev/shm; the dirs keep state out of /run/libpod and /etc/containers.
	cat >"$dir/containers.conf" <<-EOF
		[engine]
		tmp_dir = "$run/libpod-tmp"
		static_dir = "$dir/root/libpod"
		volume_path = "$dir/volumes"
		events_logger = "none"
		cgroup_manager = "cgroupfs"
		runtime = "runc"
		lock_type = "file"
		[network]
		network_backend = "netavark"
		network_config_dir = "$dir/networks"
	EOF
	export CONTAINERS_CONF=$dir/containers.conf
	PODMAN=(podman --root "$dir/root" --runroot "$run/run" --storage-driver "$driver")
	if ! TMPDIR=$dir/tmp "${PODMAN[@]}" import -q "$image" "$name" >"$dir/import.log" 2>&1; then
		PODMAN_WHY="import with $driver storage failed: $(bench_why "$dir/import.log")"
		podman_teardown_store "$dir"
		return 1
	fi
	if ! "${PODMAN[@]}" "${PODMAN_RUN_ARGS[@]}" "$name" /bin/true >"$dir/run.log" 2>&1; then
		PODMAN_WHY="run $name /bin/true with $driver storage failed: $(bench_why "$dir/run.log")"
		podman_teardown_store "$dir"
		return 1
	fi
}

podman_teardown_store() {
	local dir=$1
	[ ${#PODMAN[@]} -eq 0 ] || "${PODMAN[@]}" rm --all --force --time 0 >/dev/null 2>&1 || true
	bench_remove_tree "$dir"
}

podman_record_host_paths() {
	local p
	PODMAN_CREATED_CANDIDATES=()
	for p in "${PODMAN_HOST_PATHS[@]}"; do
		[ -e "$p" ] || PODMAN_CREATED_CANDIDATES+=("$p")
	done
}

# podman_teardown DIR: removes the private store (after unmounting what podman left) and the host paths this
# bench created.
podman_teardown() {
	local p
	podman_teardown_store "$1"
	for p in "${PODMAN_CREATED_CANDIDATES[@]}"; do
		if [ -d "$p" ] && [ ! -L "$p" ]; then
			rmdir "$p" 2>/dev/null || true
		elif [ -e "$p" ]; then
			rm -f "$p"
		fi
	done
	PODMAN_CREATED_CANDIDATES=()
}
