#!/usr/bin/env bash
# Standalone-mode start-to-exit time of isle-init vs `runc run` (and `crun run` when it works) on the same
# bundle: a busybox rootfs running `true` in pid/net/ipc/uts/mount namespaces with the usual mounts.
# Needs root, hyperfine, runc, busybox-static. Usage: bench/runtime-c.sh [runs]
set -euo pipefail

runs=${1:-200}
repo=$(cd "$(dirname "$0")/.." && pwd)
isle_init="$repo/runtime-c/build/isle-init"
work=$(mktemp -d /tmp/isle-bench-XXXXXX)
id="isle-bench-$$"
cleanup() {
  runc --root "$work/runc-state" delete -f "$id" >/dev/null 2>&1 || true
  crun --root "$work/crun-state" delete -f "$id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

make -s -C "$repo/runtime-c" build/isle-init
mkdir -p "$work/bundle/rootfs/bin" "$work/runc-state" "$work/crun-state"
cp /bin/busybox "$work/bundle/rootfs/bin/busybox"
for applet in sh true; do ln -s busybox "$work/bundle/rootfs/bin/$applet"; done
cat > "$work/bundle/config.json" <<'JSON'
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["/bin/true"], "env": ["PATH=/bin"], "cwd": "/",
    "capabilities": {
      "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "permitted": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
    "noNewPrivileges": true
  },
  "root": {"path": "rootfs", "readonly": false},
  "hostname": "bench",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]}
  ],
  "linux": {
    "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}],
    "maskedPaths": ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
  }
}
JSON

# Both must actually work before they are timed.
"$isle_init" --bundle "$work/bundle"
(cd "$work/bundle" && runc --root "$work/runc-state" run "$id")

commands=("$isle_init --bundle $work/bundle" "runc --root $work/runc-state run --bundle $work/bundle $id")
names=("isle-init" "runc run")
if command -v crun >/dev/null && crun --root "$work/crun-state" run --bundle "$work/bundle" "$id" >/dev/null 2>"$work/crun.err"; then
  commands+=("crun --root $work/crun-state run --bundle $work/bundle $id")
  names+=("crun run")
else
  echo "crun: not usable on this host ($(tail -n1 "$work/crun.err" 2>/dev/null || echo 'not installed')); comparing with runc only"
fi

hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/result.json" "${commands[@]}" >/dev/null
node - "$work/result.json" "${names[@]}" <<'NODE'
const [file, ...names] = process.argv.slice(2);
const {results} = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const medians = results.map((r) => r.median * 1000);
results.forEach((r, i) => console.log(`${names[i].padEnd(10)} median ${medians[i].toFixed(2)} ms  (mean ${(r.mean * 1000).toFixed(2)} ± ${(r.stddev * 1000).toFixed(2)} ms, ${r.times.length} runs)`));
for (let i = 1; i < medians.length; i++) console.log(`${names[i]} / isle-init = ${(medians[i] / medians[0]).toFixed(2)}x`);
NODE
