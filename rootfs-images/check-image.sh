#!/bin/bash
# Checks a built image: the tarball's shape (docker-export style, reproducible metadata) and that the unpacked
# rootfs runs busybox's sh and stress, in a plain chroot and inside fresh namespaces.
#
# usage: check-image.sh IMAGE.tar.gz
# shellcheck disable=SC2317  # the predicates below are called through expect
set -euo pipefail

image=${1:?usage: check-image.sh IMAGE.tar.gz}
export LC_ALL=C
failed=0

# expect DESCRIPTION COMMAND...: runs COMMAND and prints ok or FAIL with the description.
expect() {
	local what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failed=1; fi
}
no_dot_prefix() { ! grep -q '^\./' <<<"$names"; }
has_line() { grep -qx -- "$1" <<<"$2"; }
only_value() { [ "$(awk -v f="$1" '{ print $f }' <<<"$listing" | sort -u)" = "$2" ]; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/alpine-stress-check.XXXXXX")
trap 'rm -rf "$dir"' EXIT

listing=$(tar -tvzf "$image" --numeric-owner)
names=$(tar -tzf "$image")

expect "no entry has a ./ prefix" no_dot_prefix
for want in bin/ bin/busybox bin/sh etc/passwd etc/group etc/hostname usr/bin/env usr/bin/stress tmp/ proc/; do
	expect "has $want" has_line "$want" "$names"
done
expect "every entry is owned by 0/0" only_value 2 "0/0"
expect "every mtime is the epoch" only_value 4 "1970-01-01"
expect "tmp/ is 1777" grep -q '^drwxrwxrwt .* tmp/$' <<<"$listing"

tar -xzf "$image" -C "$dir" --numeric-owner
out=$(chroot "$dir" /bin/sh -c 'stress --version; ls /bin | wc -l; env true && echo env-ok')
while read -r line; do echo "     chroot: $line"; done <<<"$out"
expect "sh and stress --version run in a chroot" grep -q '^stress ' <<<"$out"
expect "/usr/bin/env works" has_line env-ok "$out"
expect "/bin has the applet links" test "$(sed -n 2p <<<"$out")" -gt 20
expect "unshare --fork --pid --mount --uts --ipc --net chroot DIR /bin/true" \
	unshare --fork --pid --mount --uts --ipc --net chroot "$dir" /bin/true
# One short burst of the load generator proves its libraries and loader are complete.
expect "stress --cpu 1 --timeout 1" chroot "$dir" /usr/bin/stress --cpu 1 --timeout 1 -q

exit $failed
