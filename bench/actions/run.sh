#!/usr/bin/env bash
# Actions bench: set additions/s with no action, a trivial per-token JavaScript action and a trivial Java action
# type (the ratios are the sandbox's cost), and point-in-bounds checks/s against 1,000 polygons. One process:
# the host's services (no HTTP) on an embedded PostgreSQL.
#
#   bench/actions/run.sh
#
# Environment: WORKERS (8), SECONDS_EACH (10 per figure), SKIP_BUILD=1 (reuse platform/target), MVN_FLAGS.
# Never installs anything into ~/.m2: it runs from platform/target (jar + lib/).
# Results go to bench/results/actions-<timestamp>.txt (gitignored). Exit status: 0 done, 2 could not run.
set -euo pipefail

die() { echo "actions: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$ROOT"

if [[ -f bin/find-java25 ]]; then
  JAVA_HOME="$(source bin/find-java25)" || die "no JDK 25 found (see above)."
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] || die "set JAVA_HOME to a JDK 25."
export JAVA_HOME

read -r -a mvn_flags <<<"${MVN_FLAGS:--q -B -Dstyle.color=never}"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  command -v mvn >/dev/null 2>&1 || die "Maven ('mvn') is needed to build."
  echo "actions: building the platform (package, no install) ..." >&2
  mvn "${mvn_flags[@]}" -o -pl platform -am -DskipTests package </dev/null \
    || mvn "${mvn_flags[@]}" -pl platform -am -DskipTests package </dev/null || die "the platform build failed."
fi
[[ -f platform/target/applecore-platform.jar ]] || die "platform/target/applecore-platform.jar is missing (run without SKIP_BUILD)."

CLASSES="$(mktemp -d "${TMPDIR:-/tmp}/applecore-actions-bench.XXXXXX")"
trap 'rm -rf "$CLASSES"' EXIT
CP="platform/target/applecore-platform.jar:platform/target/lib/*"
"$JAVA_HOME/bin/javac" -d "$CLASSES" -cp "$CP" bench/actions/src/ActionsBench.java || die "the bench did not compile."

mkdir -p bench/results
RESULTS="bench/results/actions-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "actions bench, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "machine: $(nproc) CPUs, $(uname -sr); $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); PostgreSQL on the same machine"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
} | tee "$RESULTS"
set +e
"$JAVA_HOME/bin/java" -Dworkers="${WORKERS:-8}" -Dseconds="${SECONDS_EACH:-10}" \
  -Dlogback.configurationFile=/dev/null -cp "$CLASSES:$CP" ActionsBench 2> "$CLASSES/bench.log" | tee -a "$RESULTS"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]]; then
  tail -n 40 "$CLASSES/bench.log" >&2
  exit 2
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" | tee -a "$RESULTS"
echo "results written to $RESULTS" >&2
