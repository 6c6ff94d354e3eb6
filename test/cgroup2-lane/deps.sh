#!/bin/bash
# deps.sh — install the host packages the lane needs, only the ones that are missing.
set -euo pipefail

packages=(qemu-system-x86 kmod cpio busybox-static e2fsprogs)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "lane: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# `apt-get download` of the kernel needs package lists; a fresh machine may have none yet.
if ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
  apt-get update -qq
fi
