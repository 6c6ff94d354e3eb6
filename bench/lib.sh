# Shared helpers for the bench scripts (sourced, not run): temp dirs that clean up after themselves, a timing
# loop that alternates commands, and the table and goal lines every script prints.
# shellcheck shell=bash disable=SC2034  # its variables are read by the scripts that source it

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
BENCH_IMAGE=${BENCH_IMAGE:-$REPO_DIR/rootfs-images/build/alpine-stress.tar.gz}
BENCH_ROUNDS=${BENCH_ROUNDS:-30}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_CLK_TCK=$(getconf CLK_TCK)

bench_note() { echo "  note: $*"; }

# The line of a failed command's log that says why: its first error line, else its last line.
bench_why() { grep -m1 -iE 'error|cannot|failed|denied|not found' "$1" || tail -n 1 "$1"; }
bench_die() { echo "bench: $*" >&2; exit 1; }

# --- temp dirs -------------------------------------------------------------------------------------------------

# Unmounts everything mounted at or below DIR, deepest first, then removes DIR. Anything a runtime left mounted
# (an overlay, a bind mount of /etc/hosts) would otherwise make rm fail or, worse, delete through the mount.
bench_remove_tree() {
	local dir=$1 mp attempt
	# Up to 3 rounds: podman's conmon runs `podman container cleanup` on its own after a container ends, and it
	# may still hold (or make) a mount below the store while we take it down.
	for attempt in 1 2 3; do
		[ -e "$dir" ] || return 0
		awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
			while read -r mp; do umount "$mp" 2>/dev/null || umount -l "$mp"; done
		rm -rf "$dir" 2>/dev/null && return 0
		[ "$attempt" = 3 ] || sleep 0.5
	done
	rm -rf "$dir"
}

# Creates this script's temp dir (BENCH_TMP) and removes it on exit, whatever happens. Further cleanup steps
# register with bench_on_exit and run first, in reverse order.
BENCH_EXIT_HOOKS=()
bench_on_exit() { BENCH_EXIT_HOOKS=("$1" "${BENCH_EXIT_HOOKS[@]}"); }
bench_run_exit_hooks() {
	local hook
	for hook in "${BENCH_EXIT_HOOKS[@]}"; do eval "$hook" || true; done
	bench_remove_tree "$BENCH_TMP"
}
# Runtime state (bundles, sockets, the shim's and conmon's files) goes to a private tmpfs, BENCH_RUNROOT, for
# islander (ISLANDER_RUNROOT) and podman (--runroot, tmp_dir) alike: on a typical host /run is a tmpfs, while on
# some machines (this build machine among them) it is on disk like the private --root under BENCH_TMP.
bench_make_tmp() {
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/islander-bench.XXXXXX")
	trap bench_run_exit_hooks EXIT
	trap 'exit 130' INT TERM
	# A short path: podman's overlay driver refuses a runroot longer than 50 characters.
	BENCH_RUNROOT=$(mktemp -d /tmp/ibr.XXXXXX)
	bench_on_exit 'bench_remove_tree "$BENCH_RUNROOT"'
	if ! mount -t tmpfs -o size=1g,mode=0700 islander-bench-run "$BENCH_RUNROOT" 2>/dev/null; then
		bench_note "runtime state stays on disk: no tmpfs could be mounted at $BENCH_RUNROOT"
	fi
	export ISLANDER_RUNROOT=$BENCH_RUNROOT/islander
}

# --- the command to run islander -------------------------------------------------------------------------------

# Sets ISLANDER (an array) from ISLANDER_BIN: a path to the CLI (run directly when executable, like the
# installed `islander`, else with node) or a command on PATH. Returns 1 with a message when there is none yet.
bench_find_islander() {
	local bin=${ISLANDER_BIN:-$REPO_DIR/bin/islander.cjs}
	if [ -f "$bin" ] && [ -x "$bin" ]; then
		ISLANDER=("$bin")
	elif [ -f "$bin" ]; then
		ISLANDER=(node "$bin")
	elif command -v "$bin" >/dev/null 2>&1; then
		ISLANDER=("$(command -v "$bin")")
	else
		echo "  skipped: islander CLI not found at $bin (set ISLANDER_BIN to try another build)"
		return 1
	fi
}

# --- timing ----------------------------------------------------------------------------------------------------

# A bench is a list of cases; each has a label, a command, and optional untimed steps before and after each run
# (all shell code, eval'd in this shell so the timed part is exactly fork + exec + wait of the command).
BENCH_LABELS=()
BENCH_CMDS=()
BENCH_BEFORE=()
BENCH_AFTER=()
bench_case() {
	BENCH_LABELS+=("$1")
	BENCH_CMDS+=("$2")
	BENCH_BEFORE+=("${3:-:}")
	BENCH_AFTER+=("${4:-:}")
}

bench_samples_file() { echo "$BENCH_TMP/samples.$1"; }
bench_cpu_file() { echo "$BENCH_TMP/cpu.$1"; }

# Sets BENCH_CHILDREN_CPU to the CPU time, in clock ticks, of the children this shell has waited for (cutime +
# cstime of /proc/PID/stat): what a case's command and every process it waited for used, on all cores together.
# No command substitution: its subshell would read its own children's times.
bench_children_cpu() {
	local stat fields
	read -r stat <"/proc/$BASHPID/stat"
	read -ra fields <<<"${stat##*) }"
	BENCH_CHILDREN_CPU=$((fields[13] + fields[14]))
}

# Runs every case once per round, alternating (A B C, B C A, C A B, ...) so that drift in machine load and cache
# state hits all cases alike; the first BENCH_WARMUP rounds are not recorded. Before each run, untimed, `sync`
# writes out what the previous one left dirty, so that no case pays for another's writes (an fsync commits the
# whole journal: after a podman run, islander's fsyncs were paying for podman's database). Each run's wall time in
# microseconds goes to the case's samples file, and its CPU time (bench_children_cpu) to its cpu file. A failing
# run stops the bench with its stderr.
bench_alternate() {
	local n=${#BENCH_LABELS[@]} round i k start end cpu_start cpu_end
	for ((i = 0; i < n; i++)); do : >"$(bench_samples_file "$i")"; : >"$(bench_cpu_file "$i")"; done
	for ((round = 0; round < BENCH_WARMUP + BENCH_ROUNDS; round++)); do
		for ((k = 0; k < n; k++)); do
			i=$(((round + k) % n))
			eval "${BENCH_BEFORE[$i]}"
			sync
			bench_children_cpu
			cpu_start=$BENCH_CHILDREN_CPU
			start=${EPOCHREALTIME/./}
			if ! eval "${BENCH_CMDS[$i]}" >/dev/null 2>"$BENCH_TMP/stderr"; then
				echo "bench: '${BENCH_LABELS[$i]}' failed: ${BENCH_CMDS[$i]}" >&2
				sed 's/^/  | /' "$BENCH_TMP/stderr" | tail -n 5 >&2
				return 1
			fi
			end=${EPOCHREALTIME/./}
			bench_children_cpu
			cpu_end=$BENCH_CHILDREN_CPU
			eval "${BENCH_AFTER[$i]}"
			((round < BENCH_WARMUP)) || {
				echo $((end - start)) >>"$(bench_samples_file "$i")"
				echo $(((cpu_end - cpu_start) * 1000000 / BENCH_CLK_TCK)) >>"$(bench_cpu_file "$i")"
			}
		done
	done
}

# Prints `median min max` in milliseconds for case I: of its wall times, or with `cpu` of its CPU times.
bench_stats() {
	local file
	file=$(if [ "${2:-}" = cpu ]; then bench_cpu_file "$1"; else bench_samples_file "$1"; fi)
	sort -n "$file" | awk '
		{ v[NR] = $1 }
		END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000
		}'
}

bench_index() {
	local i
	for ((i = 0; i < ${#BENCH_LABELS[@]}; i++)); do
		[ "${BENCH_LABELS[$i]}" = "$1" ] && { echo "$i"; return 0; }
	done
	return 1
}

bench_median() {
	local i
	i=$(bench_index "$1") || return 1
	bench_stats "$i" | cut -d' ' -f1
}

# The wall times, and the median CPU time (of all cores, 10 ms resolution; processes a case leaves running, such
# as a detached container's shim, are not in it).
bench_table() {
	local i median min max cpu
	printf '  %-56s %9s %8s %8s %8s\n' "command ($BENCH_ROUNDS runs each, alternated)" "median ms" "min ms" "max ms" "cpu ms"
	for ((i = 0; i < ${#BENCH_LABELS[@]}; i++)); do
		read -r median min max < <(bench_stats "$i")
		read -r cpu _ < <(bench_stats "$i" cpu)
		printf '  %-56s %9s %8s %8s %8.0f\n' "${BENCH_LABELS[$i]}" "$median" "$min" "$max" "$cpu"
	done
}

# --- goals -----------------------------------------------------------------------------------------------------

# bench_ratio NAME LABEL_A LABEL_B [GOAL]: prints median(A)/median(B), and PASS/FAIL against GOAL when given.
# Results go to BENCH_RESULTS (a file run.sh reads) so the summary can count them.
bench_ratio() {
	local name=$1 a b ratio verdict
	a=$(bench_median "$2") || return 0
	b=$(bench_median "$3") || return 0
	ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
	if [ -n "${4:-}" ]; then
		verdict=$(awk -v r="$ratio" -v g="$4" 'BEGIN { print (r <= g) ? "PASS" : "FAIL" }')
		printf '  %-34s %6sx (goal <= %sx) %s\n' "$name:" "$ratio" "$4" "$verdict"
		[ -z "${BENCH_RESULTS:-}" ] || echo "$verdict $name" >>"$BENCH_RESULTS"
	else
		printf '  %-34s %6sx (for reference)\n' "$name:" "$ratio"
	fi
}

# A goal that could not be measured counts as skipped, not passed.
bench_skip_goal() {
	printf '  %-34s %7s (goal <= %sx) SKIPPED: %s\n' "$1:" "-" "$2" "$3"
	[ -z "${BENCH_RESULTS:-}" ] || echo "SKIPPED $1" >>"$BENCH_RESULTS"
}
