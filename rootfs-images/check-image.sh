#!/bin/bash
# Checks a built image: the tarball's shape (docker-export style, reproducible metadata) and that the unpacked
# rootfs runs busybox's sh and stress, in a plain chroot and inside fresh namespaces.
#
# usage: check-image.sh IMAGE.tar.gz
set -euo pipefail

image=${1:?usage: check-image.sh IMAGE.tar.gz}
export LC_ALL=C
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/alpine-stress-check.XXXXXX")
trap 'rm -rf "$dir"' EXIT

listing=$(tar -tvzf "$image" --numeric-owner)
names=$(tar -tzf "$image")

grep -q '^\./' <<<"$names" && bad "entries have a ./ prefix" || ok "no ./ prefix"
for want in bin/ bin/busybox bin/sh etc/passwd etc/group etc/hostname usr/bin/env usr/bin/stress tmp/ proc/; do
	grep -qx "$want" <<<"$names" && ok "has $want" || bad "missing $want"
done
[ "$(awk '{print $2}' <<<"$listing" | sort -u)" = "0/0" ] && ok "all entries owned by 0/0" || bad "owners not 0/0"
[ "$(awk '{print $4}' <<<"$listing" | sort -u)" = "1970-01-01" ] && ok "all mtimes are the epoch" \
	|| bad "mtimes not fixed"
grep -q '^drwxrwxrwt .* tmp/$' <<<"$listing" && ok "tmp/ is 1777" || bad "tmp/ is not 1777"

tar -xzf "$image" -C "$dir" --numeric-owner
out=$(chroot "$dir" /bin/sh -c 'stress --version; ls /bin | wc -l; env true && echo env-ok')
echo "$out" | sed 's/^/     chroot: /'
grep -q '^stress ' <<<"$out" && ok "stress runs in chroot" || bad "stress --version failed"
grep -qx 'env-ok' <<<"$out" && ok "/usr/bin/env works" || bad "/usr/bin/env failed"
applets=$(sed -n 2p <<<"$out")
[ "$applets" -gt 20 ] && ok "/bin has $applets entries" || bad "/bin has only $applets entries"

if unshare --fork --pid --mount --uts --ipc --net chroot "$dir" /bin/true; then
	ok "unshare --fork --pid --mount --uts --ipc --net chroot DIR /bin/true"
else
	bad "chroot /bin/true in fresh namespaces failed"
fi
# The load generator itself: one short burst proves the libraries and loader are complete.
chroot "$dir" /usr/bin/stress --cpu 1 --timeout 1 >/dev/null && ok "stress --cpu 1 --timeout 1" \
	|| bad "stress run failed"

exit $fail
