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
# The PostgreSQL store's tests run on a throwaway cluster of the Debian server (no Docker).
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || need_apt+=(postgresql)
# The bench smoke at the end measures the loopback limit with wrk, the independent load generator.
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d)
pgroot=""; ts_pid=""
cleanup() {
  [ -n "$ts_pid" ] && kill "$ts_pid" 2>/dev/null && wait "$ts_pid" 2>/dev/null
  if [ -n "$pgroot" ]; then
    "${as_pg[@]}" "$(pg_bin)/pg_ctl" stop -D "$pgroot/data" -m immediate -w >/dev/null 2>&1
    rm -rf "$pgroot"
  fi
  rm -rf "$results"
}
trap cleanup EXIT

# One cluster for the whole run (each test makes its own database on it): initdb refuses to run
# as root, so as root the server runs as the postgres OS user on a directory it owns. fsync is off:
# the tests kill Herald processes, never the machine. HERALD_TEST_POSTGRES set beforehand is used as is.
as_pg=()
if [ -z "${HERALD_TEST_POSTGRES:-}" ]; then
  pgroot=$(mktemp -d /tmp/herald-pg-XXXXXXXX); mkdir -p "$pgroot/sock"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$pgroot"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$(pg_bin)/initdb" -D "$pgroot/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null \
    || { echo "test.sh: initdb failed" >&2; echo "0 passed, 1 failed"; exit 1; }
  for try in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 12000))   # below the kernel's ephemeral range (32768+), where outgoing connections take ports
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue   # taken
    if "${as_pg[@]}" "$(pg_bin)/pg_ctl" start -D "$pgroot/data" -w -t 60 -l "$pgroot/server.log" \
         -o "-p $port -k $pgroot/sock -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
      export HERALD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=false;Timeout=15"
      break
    fi
  done
  [ -n "${HERALD_TEST_POSTGRES:-}" ] || { echo "test.sh: could not start PostgreSQL (see $pgroot/server.log)" >&2; cat "$pgroot/server.log" >&2; echo "0 passed, 1 failed"; exit 1; }
fi

dotnet build Herald.slnx -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

status=0
# The single binary (issue 23), published once here for Process/SingleBinaryTests (which otherwise publishes
# it itself): one self-contained file, run with dotnet off the PATH. A failed publish leaves the folder empty,
# so that test fails and the line at the end counts it.
# The analyzers are skipped here (-p:RunAnalyzers=false): the build above ran them on the very same sources with
# warnings as errors, and they only report, never change the compiled code (source generators still run). The
# linux-x64 compile is a second one (its own obj folder), and with the analyzers it cost ~4x the CPU (117 s vs 31 s).
binary_dir="$results/herald-linux-x64"; mkdir -p "$binary_dir"
publish_started=$SECONDS
dotnet publish src/Herald -c Release -r linux-x64 -o "$binary_dir" -nologo -v q -p:RunAnalyzers=false || echo "test.sh: publishing the single binary failed" >&2
echo "test.sh: publishing the single binary took $((SECONDS - publish_started)) s"
export HERALD_SINGLE_BINARY_DIR="$binary_dir"

# Herald.Tests (and its PostgreSQL pass below) runs 3 tests at a time, not xUnit's default of one per core (2 here):
# its tests mostly wait (on deliveries, retry timers, loopback HTTP), and with 2 at a time the machine was ~35 %
# idle through the run (1.3 of 2 cores busy; the PostgreSQL pass 1.6). Its test classes already run beside each
# other; a third fills some of that idle time: the PostgreSQL pass went from 178-198 s to 149-166 s, Herald.Tests
# hardly moved (it ends on long classes that run alone). The collections that must run alone (the server-process
# tests) still do: xUnit runs them after the rest, one test at a time, whatever this number.
xunit_threads=(-- xUnit.MaxParallelThreads=3)
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  threads=(); [ "$name" = Herald.Tests ] && threads=("${xunit_threads[@]}")
  dotnet test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" "${threads[@]}" || status=1
done

# The integration classes again on the PostgreSQL store (the cluster above; each HeraldHost makes its own
# database): delivery, push, monitoring, retention and auth/isolation, the paths where the two stores differ (webhook
# delivery by class: those folders also hold unit tests that need no store). Its own
# TRX file, so the line at the end counts it. The time it adds is printed for the CI log.
pg_classes="FullyQualifiedName~Herald.Tests.Push.|FullyQualifiedName~Herald.Tests.FanOut.|FullyQualifiedName~Herald.Tests.Monitoring."
pg_classes+="|FullyQualifiedName~Herald.Tests.Telemetry.MetricsEndpointTests.|FullyQualifiedName~Herald.Tests.Retention."
pg_classes+="|FullyQualifiedName~Herald.Tests.Apps.AuthAndIsolationTests.|FullyQualifiedName~Herald.Tests.Apps.IdempotencyTests."
pg_classes+="|FullyQualifiedName~Herald.Tests.Ingest.BatchTests.|FullyQualifiedName~Herald.Tests.Ingest.EventRepeatsTests.|FullyQualifiedName~Herald.Tests.Route.RoutingTests.|FullyQualifiedName~Herald.Tests.Catalog.CatalogApiTests."
pg_classes+="|FullyQualifiedName~Herald.Tests.Queue.LaneTests.|FullyQualifiedName~Herald.Tests.Queue.RetryTests.|FullyQualifiedName~Herald.Tests.Send.DeliveryTests."
pg_classes+="|FullyQualifiedName~Herald.Tests.Record.DeliveriesApiTests.|FullyQualifiedName~Herald.Tests.Hosting.ServiceSurfaceTests."
pg_classes+="|FullyQualifiedName~Herald.Tests.Webhooks.SigningAndRateLimitTests.|FullyQualifiedName~Herald.Tests.Webhooks.EndpointHealthTests."
pg_classes+="|FullyQualifiedName~Herald.Tests.Webhooks.WebhookEndpointsApiTests."
# Issue 22: recovery and log filters, strict event schemas (unread counts and push levels run with Push. and FanOut. above).
pg_classes+="|FullyQualifiedName~Herald.Tests.Record.RecoverAndFilterTests.|FullyQualifiedName~Herald.Tests.Ingest.StrictEventSchemaTests."
pg_started=$SECONDS
HERALD_TEST_STORE=postgres dotnet test tests/Herald.Tests/Herald.Tests.csproj -c Release --no-build --nologo --filter "$pg_classes" \
  --logger "trx;LogFileName=Herald.Tests.postgres.trx" --results-directory "$results" \
  --logger "console;verbosity=normal" "${xunit_threads[@]}" || status=1
echo "test.sh: the PostgreSQL pass took $((SECONDS - pg_started)) s"

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
# enforced here; docs/BENCHMARKS.md has the real runs). Counts as one test. --no-build twice (dotnet run's, then the
# harness's own build of src/Herald): the build at the top built both in Release, and the publish in between
# rewrote src/Herald's restore output for linux-x64, so a build here redid work (~40 s) for the same binaries.
if dotnet run -c Release --project bench/Herald.Bench --no-build -- --size tiny --no-build --json "$results/bench-smoke.json"; then
  passed=$((passed + 1))
else
  echo "test.sh: the benchmark smoke run failed" >&2
  failed=$((failed + 1)); status=1
fi
# The OpenAPI contract from the outside (issue 23): a Herald on a throwaway data directory; its live document
# linted by Redocly's engine, TypeScript types generated from it (openapi-typescript), type-checked with tsc
# (clients/typescript/src/contract-checks.ts must stay errors) and the README quick start run through
# openapi-fetch. Counts as one test.
openapi_client() {
  command -v npm >/dev/null 2>&1 || { echo "test.sh: npm is required for the TypeScript client" >&2; return 1; }
  local port dir pid url rc
  for _ in 1 2 3 4 5; do port=$((20000 + RANDOM % 12000)); (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; done
  dir=$(mktemp -d /tmp/herald-ts-XXXXXXXX); url="http://127.0.0.1:$port"
  Herald__DataDirectory="$dir/data" Herald__AdminKey=hk_root_typescript-client-check-0123456789 Herald__Webhooks__AllowPrivateNetworks=true \
    dotnet src/Herald/bin/Release/net10.0/Herald.dll --urls "$url" >"$dir/herald.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  (
    set -e
    cd clients/typescript
    npm ci --no-audit --no-fund --loglevel=error
    HERALD_URL=$url npm run --silent generate
    HERALD_URL=$url npm run --silent lint-openapi
    npm run --silent check
    # The discard port: nothing answers, so the delivery is in the log with a failed attempt.
    HERALD_URL=$url HERALD_KEY=hk_root_typescript-client-check-0123456789 WEBHOOK_URL=http://127.0.0.1:9/herald npm run --silent quickstart
  )
  rc=$?
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  [ $rc -eq 0 ] || { echo "test.sh: Herald's log:" >&2; tail -20 "$dir/herald.log" >&2; }
  rm -rf "$dir"
  return $rc
}
# It runs in the background beside the PostgreSQL bench smoke below, which leaves much of the machine idle
# (its nodes mostly wait: restarts, health checks, a paced load). Safe: its own Herald on its own data directory
# and a port below the ephemeral range (the bench's nodes take ephemeral ones), no PostgreSQL, and nothing either
# asserts is a wall-clock window (the bench's figures are reported, not enforced, and it reports other processes'
# CPU beside its own). Its output is printed whole after the bench's.
ts_log="$results/typescript-client.log"
ts_started=$SECONDS
openapi_client >"$ts_log" 2>&1 &
ts_pid=$!
# And the scale-out path: two nodes on one PostgreSQL database (the cluster above), also restarted one
# after the other under load (nothing accepted may be lost). Counts as one test.
if dotnet run -c Release --project bench/Herald.Bench --no-build -- webhooks rolling-restart --store postgres --nodes 2 --size tiny --no-build --json "$results/bench-smoke-pg.json"; then
  passed=$((passed + 1))
else
  echo "test.sh: the PostgreSQL benchmark smoke run failed" >&2
  failed=$((failed + 1)); status=1
fi
ts_rc=0; wait "$ts_pid" || ts_rc=$?
ts_took=$((SECONDS - ts_started)); ts_pid=""
cat "$ts_log"
if [ $ts_rc -eq 0 ]; then
  passed=$((passed + 1))
else
  echo "test.sh: the OpenAPI lint or the TypeScript client failed" >&2
  failed=$((failed + 1)); status=1
fi
echo "test.sh: the OpenAPI lint and TypeScript client took $ts_took s (beside the PostgreSQL bench smoke)"
echo "$passed passed, $failed failed"
exit $status
