#!/bin/bash
# Builds the alpine-stress rootfs: static busybox with every applet linked, stress with its shared libraries
# and loader, a minimal /etc. The output is a flat tarball shaped like `docker export` (entries `bin/`,
# `bin/busybox`, no leading `./`), written reproducibly so its image id (sha256 of the uncompressed tar) is the
# same on every machine with the same package versions.
#
# usage: build-alpine-stress.sh OUT.tar.gz
set -euo pipefail

out=${1:?usage: build-alpine-stress.sh OUT.tar.gz}
umask 022
export LC_ALL=C

die() { echo "build-alpine-stress: $*" >&2; exit 1; }

# The file a package ships at a path ending in SUFFIX (dpkg -L, so we take the package's file, not whatever
# happens to be first on PATH).
package_file() {
	local pkg=$1 suffix=$2 path
	path=$(dpkg -L "$pkg" 2>/dev/null | grep -E "/${suffix}\$" | head -n1) || true
	if [ -z "$path" ] || [ ! -x "$path" ]; then
		die "package $pkg does not provide an executable */$suffix; run: apt-get install $pkg"
	fi
	echo "$path"
}

busybox=$(package_file busybox-static busybox)
stress=$(package_file stress stress)

# A dynamic busybox would need its libraries too; the image promises a static one.
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked; the busybox-static package should provide a static binary"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/alpine-stress.XXXXXX")
trap 'rm -rf "$stage" ${tmp_out:+"$tmp_out"}' EXIT
root=$stage/rootfs
mkdir "$root"

# --- directories ---------------------------------------------------------------------------------------------
for d in bin sbin lib usr/bin usr/sbin usr/lib etc dev proc sys run var var/log var/run root home mnt opt srv; do
	mkdir -p "$root/$d"
done
mkdir -p "$root/tmp" "$root/var/tmp"
chmod 1777 "$root/tmp" "$root/var/tmp"
chmod 0700 "$root/root"

# --- busybox and its applets -----------------------------------------------------------------------------------
install -m 0755 "$busybox" "$root/bin/busybox"

# Same result as `busybox --install -s`, but with relative links so the tree is correct wherever it is unpacked
# and no link points outside the rootfs.
relative_to_busybox() {
	local dir=$1 up=""
	while [ "$dir" != "." ]; do up="../$up"; dir=$(dirname "$dir"); done
	echo "${up}bin/busybox"
}
while read -r applet; do
	case "$applet" in */*) ;; *) continue ;; esac   # skips `linuxrc`, which belongs to initrds
	[ "$applet" = bin/busybox ] && continue
	mkdir -p "$root/$(dirname "$applet")"
	ln -s "$(relative_to_busybox "$(dirname "$applet")")" "$root/$applet"
done < <("$busybox" --list-full | sort)

[ -L "$root/bin/sh" ] || die "busybox has no sh applet"
[ -L "$root/usr/bin/env" ] || die "busybox has no env applet"

# --- stress with its libraries and the dynamic loader ---------------------------------------------------------
install -m 0755 "$stress" "$root/usr/bin/stress"

# ldd prints `name => /path (addr)` for libraries and `/path (addr)` for the loader; the vdso has no path.
ldd "$stress" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | sort -u | while read -r lib; do
	mkdir -p "$root/$(dirname "$lib")"
	# -L: copy the file a symlink (libc.so.6 -> libc-2.x.so) names, under the name the binary asks for.
	cp -L "$lib" "$root/$lib"
	chmod 0755 "$root/$lib"
done

# --- /etc -----------------------------------------------------------------------------------------------------
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/sbin/nologin
bin:x:2:2:bin:/bin:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
bin:x:2:
tty:x:5:
nogroup:x:65534:
nobody:x:65534:
EOF
# The engine bind-mounts or rewrites these per isle; they exist so there is something to mount over.
: >"$root/etc/hostname"
: >"$root/etc/resolv.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
cat >"$root/etc/os-release" <<'EOF'
NAME="Islander alpine-stress"
ID=alpine-stress
PRETTY_NAME="Islander alpine-stress (busybox + stress, built from Debian packages)"
EOF
chmod 0644 "$root"/etc/*

# busybox's nologin applet is at usr/sbin on this build; /sbin/nologin is the path the passwd entries use.
[ -e "$root/sbin/nologin" ] || ln -s "$(relative_to_busybox sbin)" "$root/sbin/nologin"

# --- the tarball ----------------------------------------------------------------------------------------------
# Top-level names as arguments (not `.`) so entries have no `./` prefix, like `docker export`. Everything that
# could differ between machines is pinned: order, mtimes, owners, and gzip's embedded name and time.
mkdir -p "$(dirname "$out")"
tmp_out="$out.tmp.$$"
# shellcheck disable=SC2046,SC2012  # the names are ours: no spaces, no newlines
(cd "$root" && tar --create --format=gnu --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	--file=- $(ls -A | sort)) | gzip -n -9 >"$tmp_out"
mv -f "$tmp_out" "$out"

id=$(gzip -dc "$out" | sha256sum | cut -d' ' -f1)
echo "built $out: $(gzip -dc "$out" | tar -t | wc -l) entries, image id sha256:$id"
