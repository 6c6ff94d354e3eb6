#!/bin/sh
# /init of the lane's initramfs (busybox sh, pid 1). Builds the guest's root out of the host's root and runs the
# lane's guest-run.sh in it:
#   /hostroot  host's /, read-only over virtio-9p (tag hostroot)
#   /lane      the run directory on the host, read-write over virtio-9p (tag lane): checkout, cache, rc
#   /newroot   overlay of /hostroot with a tmpfs upper; the virtio disk (/dev/vda, ext4) at /newroot/lane-disk;
#              cgroup2 at /newroot/sys/fs/cgroup with every controller enabled for the root's children
# Lines starting with "LANE:" are progress for the host log; "LANE-SETUP-FAILED:" and "LANE-EXIT:" are parsed by
# boot.sh. The exit code of guest-run.sh is also written to /lane/rc, which is what boot.sh trusts.
export PATH=/bin:/sbin

fail() {
  echo "LANE-SETUP-FAILED: $*"
  poweroff -f
}
uptime_s() { cut -d' ' -f1 /proc/uptime; }

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
for m in $(cat /lane-modules/order); do
  insmod "/lane-modules/$m" || fail "insmod $m"
done
echo "LANE: kernel $(uname -r) up at $(uptime_s)s"

p9="trans=virtio,version=9p2000.L,msize=262144"
mount -t 9p -o "$p9,ro,cache=loose" hostroot /hostroot || fail "mount the host's root over 9p"
mount -t 9p -o "$p9" lane /lane || fail "mount the lane's run directory over 9p"
checkout=$(cat /lane/checkout)
cache=$(cat /lane/cache)
kver=$(uname -r)

mount -t tmpfs -o mode=0755 ovl /ovl || fail "tmpfs for the overlay"
mkdir -p /ovl/upper /ovl/work
mount -t overlay overlay -o lowerdir=/hostroot,upperdir=/ovl/upper,workdir=/ovl/work /newroot \
  || fail "overlay the host's root"

# The full module tree of the guest kernel, for modprobe in the chroot and for the kernel's autoloading (which
# runs /sbin/modprobe from this initramfs).
if [ -d "/hostroot$cache/kernel/lib/modules/$kver" ]; then
  mount --bind "/hostroot$cache/kernel/lib/modules" /lib/modules
  mkdir -p "/newroot/lib/modules/$kver"
  mount --bind "/lib/modules/$kver" "/newroot/lib/modules/$kver"
fi

R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t cgroup2 -o nsdelegate cgroup2 $R/sys/fs/cgroup || fail "mount cgroup2"
# The guest gets fresh tmpfs on /tmp, /run and /dev/shm below; a checkout under one of them (CI may clone into
# /tmp) is kept visible by binding it aside first and back in place after.
case $checkout/ in
  /tmp/*|/run/*|/dev/shm/*)
    mkdir -p /keep-checkout
    mount --bind "$R$checkout" /keep-checkout || fail "keep the checkout $checkout visible" ;;
esac
mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 shm $R/dev/shm
mount -t tmpfs -o mode=1777 tmp $R/tmp
mount -t tmpfs -o mode=0755 run $R/run
if [ -d /keep-checkout ]; then
  mkdir -p "$R$checkout"
  mount --bind /keep-checkout "$R$checkout" || fail "bind the checkout $checkout back"
fi
mkdir -p $R/run/lane $R/lane-disk
mount --bind /lane $R/run/lane
mount -t ext4 /dev/vda $R/lane-disk || fail "mount the virtio disk /dev/vda"

C=$R/sys/fs/cgroup
for c in $(cat $C/cgroup.controllers); do
  echo "+$c" > $C/cgroup.subtree_control || fail "enable cgroup controller $c"
done
echo "LANE: cgroup2 controllers enabled: $(cat $C/cgroup.subtree_control)"
ip link set lo up
echo "LANE: guest ready at $(uptime_s)s"

chroot $R /bin/bash "$checkout/test/cgroup2-lane/guest-run.sh"
rc=$?
echo "$rc" > /lane/rc
echo "LANE-EXIT: $rc at $(uptime_s)s"
sync
umount $R/lane-disk 2>/dev/null
poweroff -f
