#!/usr/bin/env bash
# Tests for bin/find-java25: hermetic cases with fake JDKs, then checks against this machine's JDKs.
# Run: bash .ci/find-java25.test.sh   (exit 0 = all passed)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIND="$ROOT/bin/find-java25"
BASH_BIN="$(command -v bash)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1"; shift; printf '       %s\n' "$@"; }

# Tools find-java25 may use, without any java, so that PATH can be controlled fully.
TOOLS="$TMP/tools"
mkdir -p "$TOOLS"
for t in readlink env; do ln -s "$(command -v "$t")" "$TOOLS/$t"; done

# fake_jdk DIR VERSION [jre]: a JDK home whose java prints `openjdk version "VERSION"` like the real one.
fake_jdk() {
  local dir="$1" version="$2"
  mkdir -p "$dir/bin"
  cat >"$dir/bin/java" <<JAVA
#!$BASH_BIN
[ "\${1:-}" = "-version" ] || exit 2
echo 'Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8' >&2
echo 'openjdk version "$version" 2025-10-21' >&2
echo 'OpenJDK Runtime Environment (build $version+1)' >&2
JAVA
  chmod +x "$dir/bin/java"
  if [[ "${3:-}" != jre ]]; then
    printf '#!%s\nexit 0\n' "$BASH_BIN" >"$dir/bin/javac"
    chmod +x "$dir/bin/javac"
  fi
}

# run_find [VAR=value ...]: runs find-java25 with only the given environment (plus PATH default below).
run_find() {
  OUT="$(env -i PATH="$TOOLS" APPLECORE_JVM_ROOT="$TMP/empty" "$@" "$BASH_BIN" "$FIND" 2>"$TMP/err")"
  RC=$?
  ERR="$(cat "$TMP/err")"
}

expect() { # name expected-path
  if [[ $RC -eq 0 && "$OUT" == "$2" ]]; then ok "$1"; else bad "$1" "expected $2 (rc 0)" "got '$OUT' rc=$RC" "stderr: $ERR"; fi
}

J="$TMP/jvm"
fake_jdk "$J/jdk-8" "1.8.0_402"
fake_jdk "$J/jdk-17" "17.0.15"
fake_jdk "$J/jdk-25" "25"
fake_jdk "$J/jdk-25.0.1" "25.0.1"
fake_jdk "$J/jre-25.0.9" "25.0.9" jre
fake_jdk "$TMP/other/jdk-26" "26-ea"
fake_jdk "$TMP/other/jdk-25.0.3" "25.0.3"
mkdir -p "$TMP/empty" "$TMP/old" "$TMP/bin17" "$TMP/bin25"
fake_jdk "$TMP/old/jdk-17" "17.0.15"
fake_jdk "$TMP/old/jdk-8" "1.8.0_402"
ln -s "$J/jdk-17/bin/java" "$TMP/bin17/java"
ln -s "$J/jdk-25/bin/java" "$TMP/bin25/java"   # like /usr/bin/java -> /etc/alternatives/java -> <home>/bin/java

echo "find-java25 tests (fake JDKs):"
run_find JAVA_HOME="$J/jdk-25.0.1"
expect "JAVA_HOME that is 25+ wins" "$J/jdk-25.0.1"
run_find JAVA_HOME="$J/jdk-25.0.1/" PATH="$TMP/bin17:$TOOLS"
expect "JAVA_HOME with trailing slash" "$J/jdk-25.0.1"
run_find JAVA_HOME="$J/jdk-17" PATH="$TMP/bin25:$TOOLS"
expect "JAVA_HOME=17 is skipped, java 25 on PATH used (home from resolved symlink)" "$J/jdk-25"
run_find JAVA_HOME="$J/jre-25.0.9" PATH="$TMP/bin25:$TOOLS"
expect "JAVA_HOME that is a JRE (no javac) is skipped" "$J/jdk-25"
run_find PATH="$TMP/bin17:$TOOLS" APPLECORE_JVM_ROOT="$J"
expect "JAVA_HOME unset, java 17 on PATH: newest 25+ JDK under the JVM root (25.0.1 > 25, JRE ignored)" "$J/jdk-25.0.1"
run_find JAVA_HOME="$J/jdk-8" PATH="$TMP/bin17:$TOOLS" APPLECORE_JVM_ROOT="$J"
expect "JAVA_HOME=1.8.0_x is skipped" "$J/jdk-25.0.1"
run_find PATH="$TOOLS" APPLECORE_JVM_ROOT="$TMP/other"
expect "no java on PATH: 26-ea beats 25.0.3 under the JVM root" "$TMP/other/jdk-26"

run_find JAVA_HOME="$J/jdk-17" PATH="$TMP/bin17:$TOOLS" APPLECORE_JVM_ROOT="$TMP/old"
if [[ $RC -eq 1 && -z "$OUT" && "$ERR" == *"JDK 25"* && "$ERR" == *"Temurin 25"* && "$ERR" == *"Java 17.0.15"* ]]; then
  ok "no 25 anywhere: exit 1, nothing on stdout, says to install a JDK 25"
else
  bad "no 25 anywhere" "got rc=$RC out='$OUT'" "stderr: $ERR"
fi
run_find PATH="$TOOLS" APPLECORE_JVM_ROOT="$TMP/does-not-exist"
if [[ $RC -eq 1 && -z "$OUT" && "$ERR" == *"JDK 25"* ]]; then ok "no java at all: exit 1 with message"; else bad "no java at all" "rc=$RC out='$OUT'" "$ERR"; fi

# Sourced: prints the path, and a failure returns instead of exiting the caller's shell.
OUT="$(env -i PATH="$TOOLS" JAVA_HOME="$J/jdk-25" "$BASH_BIN" -c 'source "$1"; echo "rc=$?"' _ "$FIND" 2>/dev/null)"
if [[ "$OUT" == "$J/jdk-25"$'\n'"rc=0" ]]; then ok "sourced: prints the path"; else bad "sourced: prints the path" "got '$OUT'"; fi
OUT="$(env -i PATH="$TOOLS" APPLECORE_JVM_ROOT="$TMP/old" "$BASH_BIN" -c 'source "$1"; echo "still here rc=$?"' _ "$FIND" 2>/dev/null)"
if [[ "$OUT" == "still here rc=1" ]]; then ok "sourced: failure returns 1 without exiting the shell"; else bad "sourced failure" "got '$OUT'"; fi

echo "find-java25 tests (this machine):"
real_java="$(command -v java || true)"
real_major=""
if [[ -n "$real_java" ]]; then
  real_major="$("$real_java" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1)"
fi
if [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 && "${real_major:-0}" -lt 25 ]]; then
  OUT="$(env -u JAVA_HOME -u APPLECORE_JVM_ROOT "$FIND" 2>"$TMP/err")"; RC=$?; ERR="$(cat "$TMP/err")"
  expect "JAVA_HOME unset, PATH java $real_major: the Temurin 25 under /usr/lib/jvm" "/usr/lib/jvm/temurin-25-jdk-amd64"
  if [[ -d /usr/lib/jvm/java-17-openjdk-amd64 ]]; then
    OUT="$(env -u APPLECORE_JVM_ROOT JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 "$FIND" 2>"$TMP/err")"; RC=$?; ERR="$(cat "$TMP/err")"
    expect "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64: still the Temurin 25" "/usr/lib/jvm/temurin-25-jdk-amd64"
  fi
  OUT="$(env -u JAVA_HOME APPLECORE_JVM_ROOT="$TMP/empty" "$FIND" 2>"$TMP/err")"; RC=$?; ERR="$(cat "$TMP/err")"
  if [[ $RC -eq 1 && -z "$OUT" && "$ERR" == *"JDK 25"* ]]; then ok "PATH java $real_major, JVM root scan disabled: exit 1 with message"; else bad "scan disabled" "rc=$RC out='$OUT'" "$ERR"; fi
else
  echo "  skip (no /usr/lib/jvm/temurin-25-jdk-amd64, or java on PATH is already 25+)"
fi
OUT="$("$FIND" 2>"$TMP/err")"; RC=$?
if [[ $RC -eq 0 ]]; then
  echo "  note: as configured, find-java25 picks $OUT ($("$OUT/bin/java" -version 2>&1 | grep -m1 version))"
else
  echo "  note: as configured, find-java25 finds no JDK 25: $(head -n1 "$TMP/err")"
fi

echo "find-java25 tests: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
