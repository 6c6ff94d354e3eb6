#!/bin/bash
# build-image.sh CACHE_DIR — put Debian's stock kernel and a busybox initramfs into CACHE_DIR.
#
# The kernel comes from the `linux-image-amd64` package (apt-get download + dpkg -x; nothing is installed into the
# host's /boot). The initramfs carries only the modules needed to reach the host's root over virtio-9p and the
# virtio disk; the guest bind-mounts the full module tree from CACHE_DIR (through that 9p share) so that
# `modprobe veth` and the kernel's own module autoloading work later.
#
# Rebuilds only when the kernel version or one of the lane's guest-side files changes.
# LANE_KVER=6.1.0-56-amd64 picks a kernel version; the default is what linux-image-amd64 depends on.
set -euo pipefail

cache=$1
here=$(dirname "$(readlink -f "$0")")
initrd_modules=(virtio_pci virtio_blk virtio_rng 9pnet_virtio 9p overlay fuse ext4)

kver=${LANE_KVER:-$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: linux-image-\(.*-amd64\)$/\1/p' | head -1)}
[ -n "$kver" ] || { echo "lane: cannot tell which kernel linux-image-amd64 depends on; run apt-get update" >&2; exit 1; }
key="$kver $(cat "$here/build-image.sh" "$here/initramfs-init.sh" | sha256sum | cut -d' ' -f1)"
if [ -f "$cache/image.key" ] && [ "$(cat "$cache/image.key")" = "$key" ] \
   && [ -f "$cache/vmlinuz" ] && [ -f "$cache/initrd.cpio.gz" ]; then
  echo "lane: kernel $kver and initramfs are cached in $cache"
  exit 0
fi

echo "lane: building kernel $kver + initramfs into $cache"
mkdir -p "$cache"
rm -f "$cache/image.key"
dl='' root=''
trap 'rm -rf "$dl" "$root"' EXIT
kernel=$cache/kernel
if [ ! -f "$kernel/boot/vmlinuz-$kver" ]; then
  dl=$(mktemp -d "$cache/download.XXXXXX")
  if ! (cd "$dl" && apt-get download -q "linux-image-$kver" >"$dl/apt.out" 2>&1); then
    cat "$dl/apt.out" >&2
    echo "lane: cannot download linux-image-$kver; run apt-get update, or pick one with LANE_KVER" >&2
    exit 1
  fi
  rm -rf "$kernel"
  dpkg -x "$dl"/linux-image-"$kver"_*.deb "$kernel"
  rm -rf "$dl"
fi
depmod -b "$kernel" "$kver"
cp "$kernel/boot/vmlinuz-$kver" "$cache/vmlinuz"
modules=$kernel/lib/modules/$kver

root=$(mktemp -d "$cache/initrd.XXXXXX")
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,lib/modules,lane-modules,hostroot,ovl,newroot,lane}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
# The kernel runs /sbin/modprobe from the initramfs root when it autoloads a module.
ln -sf ../bin/busybox "$root/sbin/modprobe"

# Load order: every module after the modules it depends on (modules.dep lists a module's dependencies).
order=()
seen=" "
add_module() {  # $1 = path relative to $modules
  case "$seen" in *" $1 "*) return ;; esac
  local dep
  for dep in $(sed -n "s|^$1: *||p" "$modules/modules.dep"); do add_module "$dep"; done
  seen="$seen$1 "
  order+=("$1")
}
for m in "${initrd_modules[@]}"; do
  pattern=${m//_/[-_]}   # file names use either; module names always use _
  path=$(grep -oE "^[^:]*/$pattern\.ko(\.[a-z]+)?" "$modules/modules.dep" | head -1)
  if [ -n "$path" ]; then
    add_module "$path"
  elif ! grep -qE "/$pattern\.ko$" "$modules/modules.builtin"; then
    echo "lane: module $m is neither a module nor built into kernel $kver" >&2
    exit 1
  fi
done
: > "$root/lane-modules/order"
for p in "${order[@]}"; do
  cp "$modules/$p" "$root/lane-modules/"
  basename "$p" >> "$root/lane-modules/order"
done

cp "$here/initramfs-init.sh" "$root/init"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$cache/initrd.cpio.gz"
echo "$key" > "$cache/image.key"
echo "lane: kernel $kver, initramfs $(du -h "$cache/initrd.cpio.gz" | cut -f1) with: $(tr '\n' ' ' < "$root/lane-modules/order")"
