#!/usr/bin/env bash
# Route-dispatch bench: requests/s and p99 latency of a plugin route (GET /api/boards/{id}/entries, served
# through the plugin dispatcher) against its twin served by a host controller (same Boards code, same
# storage, same JWT), measured in one run on loopback. Prints both, their ratio and PASS/FAIL against 0.90.
#
#   bench/route-dispatch.sh
#
# Environment: CONCURRENCY (16 workers), DURATION_SECONDS (10 per round and route), ROUNDS (4),
# WARMUP_SECONDS (30 per route), ENTRIES (50), PAGE_LIMIT (20), MIN_RATIO (0.90), PORT (a free one),
# SKIP_BUILD=1 (reuse the last build), HOST_JAVA_OPTS (JVM options of the host, e.g. a JFR recording),
# MVN_FLAGS (-q -B -Dstyle.color=never). Results go to bench/results/route-dispatch-<timestamp>.txt (gitignored).
# Exit status: 0 PASS, 1 FAIL, 2 the bench could not run.
set -euo pipefail

die() { echo "route-dispatch: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
MODULE="bench/route-dispatch"

# ---- JDK 25 (decision 2 of the architecture guide) -----------------------------------------------------
if [[ -f bin/find-java25 ]]; then
  JAVA_HOME="$(source bin/find-java25)" || die "no JDK 25 found (see above)."
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] || die "set JAVA_HOME to a JDK 25."
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

# ---- build -------------------------------------------------------------------------------------------------
read -r -a mvn_flags <<<"${MVN_FLAGS:--q -B -Dstyle.color=never}"
mvn_build() {  # offline first (these machines keep a full local repository), online if that fails
  mvn "${mvn_flags[@]}" -o "$@" </dev/null || mvn "${mvn_flags[@]}" "$@" </dev/null
}
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  command -v mvn >/dev/null 2>&1 || die "Maven ('mvn') is needed to build."
  echo "route-dispatch: building the platform reactor and the bench module with $JAVA_HOME ..." >&2
  mvn_build -DskipTests install || die "the reactor build failed."
  mvn_build -f "$MODULE/pom.xml" -DskipTests package || die "the bench module build failed."
fi
ARCHIVE="$(ls -t plugins/boards/target/boards-*.zip 2>/dev/null | head -n 1 || true)"
[[ -n "$ARCHIVE" ]] || die "no Boards archive in plugins/boards/target (build first)."
[[ -d "$MODULE/target/classes" && -d "$MODULE/target/lib" ]] || die "$MODULE is not built (run without SKIP_BUILD)."
CP="$ROOT/$MODULE/target/classes:$ROOT/$MODULE/target/lib/*"

# ---- a fresh host on a free loopback port ----------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT="${PORT:-}"
if [[ -z "$PORT" ]]; then
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! port_in_use "$candidate"; then PORT=$candidate; break; fi
  done
  [[ -n "$PORT" ]] || die "found no free port."
fi
port_in_use "$PORT" && die "port $PORT is in use."

WORK="$(mktemp -d "${TMPDIR:-/tmp}/applecore-bench.XXXXXX")"
mkdir -p "$WORK/data" "$WORK/plugins"
cp "$ARCHIVE" "$WORK/plugins/"
PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
HOST_LOG="$WORK/host.log"
HOST_PID=""

cleanup() {
  local status=$?
  if [[ -n "$HOST_PID" ]] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill -TERM "$HOST_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$HOST_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$HOST_PID" 2>/dev/null || true
  fi
  # The embedded PostgreSQL stops with the host; make sure of it.
  local pidfile="$WORK/data/postgres/postmaster.pid"
  if [[ -f "$pidfile" ]]; then
    local pg; pg="$(head -n 1 "$pidfile")"
    [[ "$pg" =~ ^[0-9]+$ ]] && kill -TERM "$pg" 2>/dev/null && sleep 2 || true
  fi
  if [[ $status -ge 2 && -f "$HOST_LOG" ]]; then
    echo "route-dispatch: last lines of the host log:" >&2
    tail -n 40 "$HOST_LOG" >&2 || true
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 2' INT TERM

echo "route-dispatch: starting the bench host on 127.0.0.1:$PORT (data in $WORK)" >&2
read -r -a host_java_opts <<<"${HOST_JAVA_OPTS:-}"
env -u DATASOURCES_DEFAULT_URL -u DATASOURCES_DEFAULT_USERNAME -u DATASOURCES_DEFAULT_PASSWORD \
  MICRONAUT_SERVER_PORT="$PORT" MICRONAUT_SERVER_HOST=127.0.0.1 \
  APPLECORE_DATA_DIR="$WORK/data" APPLECORE_PLUGINS_DIR="$WORK/plugins" \
  APPLECORE_ADMIN_USERNAME=bench APPLECORE_ADMIN_PASSWORD="$PASSWORD" \
  "$JAVA" "${host_java_opts[@]}" -cp "$CP" org.applecore.bench.BenchHost >"$HOST_LOG" 2>&1 &
HOST_PID=$!

BASE_URL="http://127.0.0.1:$PORT"
deadline=$((SECONDS + 180))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/health" 2>/dev/null || true)" == 200 ]]; do
  kill -0 "$HOST_PID" 2>/dev/null || die "the host exited while starting."
  (( SECONDS < deadline )) || die "the host did not answer GET /health with 200 within 180 s."
  sleep 1
done
# /health is up before the plugin manager has started Boards; wait for its route table entry.
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/api/boards" 2>/dev/null || true)" =~ ^(200|401)$ ]]; do
  (( SECONDS < deadline )) || die "the Boards plugin did not start within 180 s."
  sleep 1
done

# ---- measure -------------------------------------------------------------------------------------------------
mkdir -p bench/results
RESULTS="bench/results/route-dispatch-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "route-dispatch bench, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- platform plugins sdk 2>/dev/null || echo ' (with uncommitted changes in platform/plugins/sdk)')"
  echo "machine: $(nproc) CPUs, $(uname -sr); $("$JAVA" -version 2>&1 | head -n 1); host and load generator share the machine"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (other work on the machine adds noise)"
} | tee "$RESULTS"

set +e
BASE_URL="$BASE_URL" BENCH_USERNAME=bench BENCH_PASSWORD="$PASSWORD" \
  "$JAVA" -XX:+UseParallelGC -Xms256m -Xmx1g -cp "$CP" org.applecore.bench.LoadGenerator | tee -a "$RESULTS"
status=${PIPESTATUS[0]}
set -e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$RESULTS"
echo "results written to $RESULTS" >&2
exit "$status"
