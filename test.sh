#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed".
# Installs what is missing first, so it works on a fresh machine (CI runs exactly this).
set -uo pipefail
cd "$(dirname "$0")"

need_apt=()
# The console's browser tests drive Debian's chromium (Playwright never downloads a browser here).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build Herald.slnx -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" || status=1
done

# Sum the counters of every TRX file: <Counters total=".." passed=".." failed=".." ...>
passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); f2=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f2:-0}))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a project that crashed still counts as a failure

# The benchmark harness, every scenario once at a tiny size, so it cannot rot (targets are not
# enforced here; docs/BENCHMARKS.md has the real runs). Counts as one test.
if dotnet run -c Release --project bench/Herald.Bench -- --size tiny --json "$results/bench-smoke.json"; then
  passed=$((passed + 1))
else
  echo "test.sh: the benchmark smoke run failed" >&2
  failed=$((failed + 1)); status=1
fi
echo "$passed passed, $failed failed"
exit $status
