#!/bin/bash
# guest-run.sh — runs inside the guest's chroot (the host's root, overlaid): the lane's test command, from the
# checkout, with the islander state root and temp dirs on the virtio disk. Its exit code is the lane's verdict.
set -uo pipefail

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
# shellcheck source=/dev/null
source /run/lane/env   # LANE_CHECKOUT, LANE_TESTS, and the CI variables passed through by boot.sh

disk=/lane-disk
mkdir -p "$disk/islander" "$disk/tmp"
chmod 1777 "$disk/tmp"
export ISLANDER_ROOT=$disk/islander TMPDIR=$disk/tmp
# For tests that need the block device under the store (io.max is set per major:minor of a whole disk).
export ISLANDER_LANE_DISK=$disk
export ISLANDER_LANE=cgroup2

cd "$LANE_CHECKOUT" || exit 125
echo "LANE: running in $(pwd): $LANE_TESTS"
echo "LANE-TESTS-BEGIN"
start=$(date +%s)
# The console is a tty; a pipe keeps vitest and npx from drawing progress animations into the log.
bash -c "$LANE_TESTS" </dev/null 2>&1 | cat
rc=$?
echo "LANE-TESTS-END"
echo "LANE: tests exited $rc after $(($(date +%s) - start))s"
exit "$rc"
