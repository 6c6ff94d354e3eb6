#!/usr/bin/env bash
# The demo after `make demo` has built everything: install the `islander` command, import the test image, run a
# limited container that stays within its memory, and one that is OOM-killed, and show what inspect says.
set -euo pipefail
cd "$(dirname "$0")/.."

ln -sf "$PWD/bin/islander.cjs" /usr/local/bin/islander
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say islander image import rootfs-images/build/alpine-stress.tar.gz
islander image import rootfs-images/build/alpine-stress.tar.gz

say islander run --rm -m 500m alpine-stress stress --vm 1 --vm-bytes 200M --timeout 3s
islander run --rm -m 500m alpine-stress stress --vm 1 --vm-bytes 200M --timeout 3s

name="demo-oom-$$"
say islander run --name "$name" -m 500m alpine-stress stress --vm 1 --vm-bytes 1G --vm-keep
status=0
islander run --name "$name" -m 500m alpine-stress stress --vm 1 --vm-bytes 1G --vm-keep || status=$?
echo "exit code: $status"

say "islander inspect $name  (State)"
islander inspect "$name" | node -e 'const [c] = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(JSON.stringify(c.State, null, 2))'
islander rm "$name" >/dev/null
echo
echo "Demo done. Try: islander run --rm -it alpine-stress sh"
