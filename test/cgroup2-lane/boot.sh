#!/bin/bash
# boot.sh — boot the lane's guest under qemu (TCG) and run $LANE_TESTS in it; exit with the tests' exit code.
#
# Host side of the lane: makes a fresh run directory ($LANE_CACHE/run) holding what the guest reads (checkout path,
# test command, env) and the sparse ext4 disk image, boots qemu with a hard timeout, and reads the guest's verdict
# from run/rc (written by initramfs-init.sh over 9p). The full console is kept in run/guest.log; on failure its
# tail is printed. LANE_VERBOSE=1 streams the console while the guest runs.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
checkout=$(cd "$here/../.." && pwd)
cache=${LANE_CACHE:?}
tests=${LANE_TESTS:?}
timeout_s=${LANE_TIMEOUT:-720}
mem=${LANE_MEM:-3G}
smp=${LANE_SMP:-2}
disk_mb=${LANE_DISK_MB:-256}
run=$cache/run
log=$run/guest.log

rm -rf "$run"
mkdir -p "$run"
echo "$checkout" > "$run/checkout"
echo "$cache" > "$run/cache"
{
  printf 'export LANE_CHECKOUT=%q\n' "$checkout"
  printf 'export LANE_TESTS=%q\n' "$tests"
  # The CI flag changes vitest's reporter; ISLANDER_* knobs (except the state root, which the lane owns) pass through.
  while IFS='=' read -r name _; do
    case $name in
      ISLANDER_ROOT) ;;
      CI|ISLANDER_*|VITEST_*) printf 'export %s=%q\n' "$name" "${!name}" ;;
    esac
  done < <(env)
} > "$run/env"

truncate -s "${disk_mb}M" "$run/disk.img"
mkfs.ext4 -q -F -L lane-disk "$run/disk.img"

qemu_args=(
  -accel tcg -cpu max -smp "$smp" -m "$mem"
  -nographic -no-reboot -net none
  -kernel "$cache/vmlinuz" -initrd "$cache/initrd.cpio.gz"
  -append "console=ttyS0 quiet panic=-1 mitigations=off"
  -device virtio-rng-pci
  -drive "file=$run/disk.img,format=raw,if=virtio,cache=unsafe"
  -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"
  -virtfs "local,path=$run,mount_tag=lane,security_model=none,id=lane"
)

echo "lane: booting the cgroup v2 guest (qemu TCG, -smp $smp -m $mem, timeout ${timeout_s}s); console: $log"
echo "lane: tests: $tests"
start=$(date +%s)
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 "${qemu_args[@]}" </dev/null >"$log" 2>&1 &
qemu_pid=$!
trap 'kill "$qemu_pid" 2>/dev/null || true' INT TERM
if [ "${LANE_VERBOSE:-0}" = 1 ]; then
  tail -n +1 -f --pid="$qemu_pid" "$log" &
fi
qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?
trap - INT TERM
wall=$(($(date +%s) - start))

marker() { grep -a "^$1" "$log" | tail -1 | tr -d '\r' || true; }
ready=$(marker 'LANE: guest ready at')
took=$(marker 'LANE: tests exited')
echo "lane: qemu ran ${wall}s${ready:+; ${ready#LANE: }}${took:+; ${took#LANE: }}"

fail() {  # $1 = exit code, $2 = one-line reason
  echo "---- last 200 lines of $log ----"
  tail -n 200 "$log" | tr -d '\r' | sed 's/\x1b[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g'
  echo "---- end of guest log ----"
  echo "lane: FAILED: $2" >&2
  exit "$1"
}

if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
  fail 124 "the guest did not finish within ${timeout_s}s (qemu killed); raise LANE_TIMEOUT or run fewer tests"
fi
setup_failed=$(marker 'LANE-SETUP-FAILED:')
[ -z "$setup_failed" ] || fail 2 "guest setup failed: ${setup_failed#LANE-SETUP-FAILED: }"
[ -f "$run/rc" ] || fail 2 "the guest stopped before the tests finished (qemu exit $qemu_rc; kernel panic or crash?)"
rc=$(cat "$run/rc")
if [ "$rc" != 0 ]; then
  fail "$rc" "tests in the cgroup v2 guest exited $rc: $tests"
fi
sed -n '/^LANE-TESTS-BEGIN/,/^LANE-TESTS-END/p' "$log" | tr -d '\r' | sed '1d;$d'
echo "lane: passed"
