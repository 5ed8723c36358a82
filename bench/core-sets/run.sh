#!/usr/bin/env bash
# Core sets bench: set operations/s moving one token between sets of two owners (allows_set true); reads/s of
# a token with a dozen attributes under permission filtering; the time of one combine moving 10,000 tokens of
# a type; count, page and move latency on a set of 1,000,000 members against a set of 200. One run, one host.
#
#   bench/core-sets/run.sh
#
# Environment: CONCURRENCY (8 workers), DURATION_SECONDS (10 per throughput figure), COMBINE_TOKENS (10000),
# LARGE_SET (1000000), SAMPLES (200 per latency figure), PORT (a free one), SKIP_BUILD=1 (reuse the last
# build), HOST_JAVA_OPTS, MVN_FLAGS (-q -B -Dstyle.color=never). Never installs anything into ~/.m2: the host
# runs from platform/target (jar + lib/), the load generator from bench/core-sets/target.
# Results go to bench/results/core-sets-<timestamp>.txt (gitignored). Exit status: 0 done, 2 could not run.
set -euo pipefail

die() { echo "core-sets: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$ROOT"
MODULE="bench/core-sets"

if [[ -f bin/find-java25 ]]; then
  JAVA_HOME="$(source bin/find-java25)" || die "no JDK 25 found (see above)."
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] || die "set JAVA_HOME to a JDK 25."
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

read -r -a mvn_flags <<<"${MVN_FLAGS:--q -B -Dstyle.color=never}"
mvn_build() {  # offline first (these machines keep a full local repository), online if that fails
  mvn "${mvn_flags[@]}" -o "$@" </dev/null || mvn "${mvn_flags[@]}" "$@" </dev/null
}
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  command -v mvn >/dev/null 2>&1 || die "Maven ('mvn') is needed to build."
  echo "core-sets: building the platform (package, no install) and the bench module with $JAVA_HOME ..." >&2
  mvn_build -pl platform -am -DskipTests package || die "the platform build failed."
  mvn_build -f "$MODULE/pom.xml" -DskipTests package || die "the bench module build failed."
fi
[[ -f platform/target/applecore-platform.jar ]] || die "platform/target/applecore-platform.jar is missing (run without SKIP_BUILD)."
[[ -d "$MODULE/target/classes" && -d "$MODULE/target/lib" ]] || die "$MODULE is not built (run without SKIP_BUILD)."

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

WORK="$(mktemp -d "${TMPDIR:-/tmp}/applecore-core-sets.XXXXXX")"
mkdir -p "$WORK/data" "$WORK/plugins"
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
  local pidfile="$WORK/data/postgres/postmaster.pid"
  if [[ -f "$pidfile" ]]; then
    local pg; pg="$(head -n 1 "$pidfile")"
    [[ "$pg" =~ ^[0-9]+$ ]] && kill -TERM "$pg" 2>/dev/null && sleep 2 || true
  fi
  if [[ $status -ge 2 && -f "$HOST_LOG" ]]; then
    echo "core-sets: last lines of the host log:" >&2
    tail -n 40 "$HOST_LOG" >&2 || true
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 2' INT TERM

echo "core-sets: starting the host on 127.0.0.1:$PORT (data in $WORK)" >&2
read -r -a host_java_opts <<<"${HOST_JAVA_OPTS:-}"
env -u DATASOURCES_DEFAULT_URL -u DATASOURCES_DEFAULT_USERNAME -u DATASOURCES_DEFAULT_PASSWORD \
  MICRONAUT_SERVER_PORT="$PORT" MICRONAUT_SERVER_HOST=127.0.0.1 \
  APPLECORE_DATA_DIR="$WORK/data" APPLECORE_PLUGINS_DIR="$WORK/plugins" \
  APPLECORE_ADMIN_USERNAME=bench APPLECORE_ADMIN_PASSWORD="$PASSWORD" \
  "$JAVA" "${host_java_opts[@]}" -jar platform/target/applecore-platform.jar >"$HOST_LOG" 2>&1 &
HOST_PID=$!

BASE_URL="http://127.0.0.1:$PORT"
deadline=$((SECONDS + 180))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/health" 2>/dev/null || true)" == 200 ]]; do
  kill -0 "$HOST_PID" 2>/dev/null || die "the host exited while starting."
  (( SECONDS < deadline )) || die "the host did not answer GET /health with 200 within 180 s."
  sleep 1
done
# The embedded PostgreSQL's port is line 4 of its postmaster.pid; the bench uses it once, for the bulk setup.
PG_PORT="$(sed -n 4p "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)"
[[ "$PG_PORT" =~ ^[0-9]+$ ]] || die "could not find the embedded PostgreSQL's port."

mkdir -p bench/results
RESULTS="bench/results/core-sets-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "core-sets bench, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- platform 2>/dev/null || echo ' (with uncommitted changes in platform)')"
  echo "machine: $(nproc) CPUs, $(uname -sr); $("$JAVA" -version 2>&1 | head -n 1); host, PostgreSQL and load generator share the machine"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
} | tee "$RESULTS"

set +e
BASE_URL="$BASE_URL" BENCH_USERNAME=bench BENCH_PASSWORD="$PASSWORD" DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  "$JAVA" -XX:+UseParallelGC -Xms256m -Xmx1g -cp "$ROOT/$MODULE/target/classes:$ROOT/$MODULE/target/lib/*" \
  org.applecore.bench.coresets.CoreSetsBench | tee -a "$RESULTS"
status=${PIPESTATUS[0]}
set -e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$RESULTS"
echo "results written to $RESULTS" >&2
[[ $status -eq 0 ]] || exit 2
