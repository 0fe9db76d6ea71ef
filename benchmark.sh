#!/usr/bin/env bash
# The benchmark: builds the function jar, starts a private local AWS (moto 5.2.1 + extensions) on a free loopback
# port and prints, as plain-text tables: the AWS API calls per operation of one ALARM invocation (0, 1, 5, 20 GSIs)
# and of fleet sweeps (10, 50, 200 tables); a cold `java -jar ... invoke` beside a bare JVM start of the same jar
# (wall time, peak RSS; with and without -XX:TieredStopAtLevel=1); the first invocation with and without SnapStart
# priming; warm per-invocation times over 50 invocations; the jar's size; the monthly bill (with the daily forecast's
# share at fleet scale); the forecast's backtest (throttled minutes and capacity-unit-hours, reactive vs forecast, per
# recorded trace). It measures, it asserts nothing.
# Takes a few minutes (moto parses a 500-query GetMetricData in about 2 s). See docs/benchmark.md.
set -euo pipefail
cd "$(dirname "$0")"
command -v python3 >/dev/null || { echo "python3 is required (with moto 5.2.1: pip install 'moto[server]==5.2.1')" >&2; exit 1; }
python3 -c 'import moto' 2>/dev/null || { echo "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "Building the function jar and the benchmark (mvn install, tests compiled but not run)..."
mvn -q -B -ntp "$@" -DskipTests install -pl functions -am
exec mvn -q -B -ntp "$@" -pl functions exec:exec -Dexec.classpathScope=test -Dexec.executable="$JAVA" \
  -Dexec.args="-Dhpr.repoRoot=$PWD -cp %classpath dev.hpr.remediator.perf.Benchmark"
