#!/usr/bin/env bash
# The whole test suite: types, C unit tests, vitest (unit + integration with real containers, as root), and the
# cgroup v2 lane in a qemu guest. Prints one closing line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "islander tests run real containers: run them as root (sudo make test)" >&2
  exit 1
fi

passed=0 failed=0 skipped=0
report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT

step() { echo; echo "=== $*"; }

step "typecheck"
if npx tsc --noEmit; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

step "C unit tests"
if c_out=$(make -s -C runtime-c test 2>&1); then
  echo "$c_out"
  passed=$((passed + $(grep -c '^== ' <<<"$c_out")))
else
  echo "$c_out"
  failed=$((failed + 1))
fi

step "vitest: unit and integration"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report/vitest.json"
vitest_status=$?
if [ -s "$report/vitest.json" ]; then
  read -r p f s < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests);' "$report/vitest.json")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  # Named again here, at the end, so that a log cut to its tail still says which tests failed.
  failed_names=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const file of r.testResults)
      for (const t of file.assertionResults)
        if (t.status === "failed")
          console.log(`FAILED ${require("path").relative(process.cwd(), file.name)} > ${t.fullName}: ${(t.failureMessages[0] ?? "").split("\n")[0]}`);' "$report/vitest.json")
  [ "$vitest_status" = 0 ] || [ "$f" != 0 ] || failed=$((failed + 1))
else
  failed=$((failed + 1))
fi

if [ "${ISLANDER_SKIP_CGROUP2_LANE:-}" = 1 ]; then
  step "cgroup v2 lane: skipped (ISLANDER_SKIP_CGROUP2_LANE=1)"
  skipped=$((skipped + 1))
else
  step "cgroup v2 lane (qemu guest)"
  if make -s test-cgroup2; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

echo
[ -z "${failed_names:-}" ] || echo "$failed_names"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
