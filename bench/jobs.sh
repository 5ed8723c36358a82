#!/usr/bin/env bash
# Job engine bench: jobs/s end to end (submit to succeeded) of a single-operation job (core.attribute.create)
# with one host and with two hosts on the same database, and p50/p99 submit-to-succeeded latency at a low,
# steady rate. Real hosts (the platform jar the reactor builds) with the embedded PostgreSQL of the first host;
# load through the real API (POST /jobs, GET /jobs/{ref}, GET /internal/jobs/metrics).
#
#   bench/jobs.sh
#
# Each throughput run is made twice: with every client submitting as one user (all jobs reference one account
# row: the worst case for PostgreSQL's foreign-key row locks and hot index pages) and with the clients spread
# over USERS users (32), as a service used by many people would be.
#
# Each throughput run first submits WARMUP_JOBS (5000) untimed jobs in the same load generator and waits for
# them, then times JOBS; it also reports the CPU time each process used during the timed part.
#
# Environment: JOBS (20000 per throughput run), CONCURRENCY (32 submitting clients), USERS (32), RATE (20 jobs/s) and
# SECONDS (15) for the latency run, POLL_MS (1), WARMUP_JOBS (5000), SKIP_BUILD=1 (reuse the last build),
# HOST_JAVA_OPTS, MVN_FLAGS (-q -B -Dstyle.color=never). Results go to bench/results/jobs-<timestamp>.txt.
# Exit status: 0 done, 2 the bench could not run. Never installs anything into the local Maven repository.
set -euo pipefail

die() { echo "jobs-bench: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
MODULE="bench/jobs"

if [[ -f bin/find-java25 ]]; then
  JAVA_HOME="$(source bin/find-java25)" || die "no JDK 25 found (see above)."
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] || die "set JAVA_HOME to a JDK 25."
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

read -r -a mvn_flags <<<"${MVN_FLAGS:--q -B -Dstyle.color=never}"
mvn_build() { mvn "${mvn_flags[@]}" -o "$@" </dev/null || mvn "${mvn_flags[@]}" "$@" </dev/null; }
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  command -v mvn >/dev/null 2>&1 || die "Maven ('mvn') is needed to build."
  echo "jobs-bench: building the platform (reactor, no install) and the load generator ..." >&2
  mvn_build -pl platform -am -DskipTests package || die "the platform build failed."
  mvn_build -f "$MODULE/pom.xml" package || die "the bench module build failed."
fi
HOST_JAR="$ROOT/platform/target/applecore-platform.jar"
[[ -f "$HOST_JAR" ]] || die "no $HOST_JAR (build first)."
[[ -d "$MODULE/target/classes" ]] || die "$MODULE is not built (run without SKIP_BUILD)."
LOAD_CP="$ROOT/$MODULE/target/classes"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  for _ in $(seq 1 50); do
    local candidate=$((20000 + RANDOM % 40000))
    if ! port_in_use "$candidate"; then echo "$candidate"; return; fi
  done
  die "found no free port."
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/applecore-jobs-bench.XXXXXX")"
mkdir -p "$WORK/data1" "$WORK/data2" "$WORK/plugins"
PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
PIDS=()

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  local pidfile="$WORK/data1/postgres/postmaster.pid"
  if [[ -f "$pidfile" ]]; then
    local pg; pg="$(head -n 1 "$pidfile")"
    [[ "$pg" =~ ^[0-9]+$ ]] && kill -TERM "$pg" 2>/dev/null && sleep 2 || true
  fi
  if [[ $status -ge 2 ]]; then
    for log in "$WORK"/host*.log; do
      [[ -f "$log" ]] && { echo "jobs-bench: last lines of $log:" >&2; tail -n 30 "$log" >&2; }
    done
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 2' INT TERM

read -r -a host_java_opts <<<"${HOST_JAVA_OPTS:-}"
start_host() {  # name port data-dir [extra env...]
  local name=$1 port=$2 data=$3; shift 3
  env -u DATASOURCES_DEFAULT_URL -u DATASOURCES_DEFAULT_USERNAME -u DATASOURCES_DEFAULT_PASSWORD \
    MICRONAUT_SERVER_PORT="$port" MICRONAUT_SERVER_HOST=127.0.0.1 \
    APPLECORE_DATA_DIR="$data" APPLECORE_PLUGINS_DIR="$WORK/plugins" \
    APPLECORE_ADMIN_USERNAME=bench APPLECORE_ADMIN_PASSWORD="$PASSWORD" "$@" \
    "$JAVA" "${host_java_opts[@]}" -jar "$HOST_JAR" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  local pid=$! deadline=$((SECONDS + 180))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null || true)" == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || die "$name exited while starting."
    (( SECONDS < deadline )) || die "$name did not answer GET /health with 200 within 180 s."
    sleep 1
  done
}

throughput_run() {  # urls label users
  local postmaster pids="" i=1 pid
  postmaster="$(head -n 1 "$WORK/data1/postgres/postmaster.pid" 2>/dev/null || true)"
  for pid in "${PIDS[@]}"; do pids+="${pids:+,}host $i:$pid"; i=$((i + 1)); done
  load throughput "$1" JOBS="${JOBS:-20000}" WARMUP_JOBS="${WARMUP_JOBS:-5000}" CONCURRENCY="${CONCURRENCY:-32}" \
    USERS="$3" LABEL="$2" POSTMASTER_PID="$postmaster" CPU_PIDS="$pids"
}

load() {  # mode urls [env...]
  local mode=$1 urls=$2; shift 2
  env ADMIN_USERNAME=bench ADMIN_PASSWORD="$PASSWORD" "$@" \
    "$JAVA" -XX:+UseParallelGC -Xms256m -Xmx1g -cp "$LOAD_CP" org.applecore.bench.jobs.JobLoad "$mode" "$urls"
}

PORT1="$(free_port)"
echo "jobs-bench: starting host 1 on 127.0.0.1:$PORT1 with the embedded PostgreSQL (data in $WORK)" >&2
start_host host1 "$PORT1" "$WORK/data1"
URL1="http://127.0.0.1:$PORT1"
load setup "$URL1" USERS="${USERS:-32}"

mkdir -p bench/results
RESULTS="bench/results/jobs-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "jobs bench, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- platform sdk 2>/dev/null || echo ' (with uncommitted changes in platform/sdk)')"
  echo "machine: $(nproc) CPUs, $(uname -sr); $("$JAVA" -version 2>&1 | head -n 1); hosts, PostgreSQL and load generator share the machine"
  echo "job: one operation (core.attribute.create); worker defaults (16 runners, batch 32)"
} | tee "$RESULTS"

throughput_run "$URL1" "one host, one user" 1 | tee -a "$RESULTS"
throughput_run "$URL1" "one host, many users" "${USERS:-32}" | tee -a "$RESULTS"
load latency "$URL1" RATE="${RATE:-20}" SECONDS="${SECONDS_LOW:-15}" POLL_MS="${POLL_MS:-1}" | tee -a "$RESULTS"

PG_PORT="$(sed -n 4p "$WORK/data1/postgres/postmaster.pid")"
[[ "$PG_PORT" =~ ^[0-9]+$ ]] || die "could not read the embedded PostgreSQL's port."
PORT2="$(free_port)"
echo "jobs-bench: starting host 2 on 127.0.0.1:$PORT2 on the same database (port $PG_PORT)" >&2
start_host host2 "$PORT2" "$WORK/data2" DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD=
URL2="http://127.0.0.1:$PORT2"
throughput_run "$URL1,$URL2" "two hosts, one user" 1 | tee -a "$RESULTS"
throughput_run "$URL1,$URL2" "two hosts, many users" "${USERS:-32}" | tee -a "$RESULTS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$RESULTS"
echo "results written to $RESULTS" >&2
