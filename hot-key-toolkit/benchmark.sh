#!/usr/bin/env bash
# The toolkit's benchmark: compiles the module and its tests (no install), starts a private local AWS (moto 5.2.1 +
# extensions) on a free loopback port and prints plain-text tables: Query calls and time of a scatter-gather read over
# 1, 4 and 16 shards, GetItem calls with and without the hot-key cache, and the write buffer's throughput with and
# without injected key-range throttling, and the hot-key backlog case: the latency of other keys' put() (median, p99,
# max) while one key is throttled on every request. It measures, it asserts nothing. Takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "python3 is required (with moto 5.2.1: pip install 'moto[server]==5.2.1')" >&2; exit 1; }
python3 -c 'import moto' 2>/dev/null || { echo "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "Compiling the toolkit and its tests (test-fixtures from the reactor, nothing installed)..."
mvn -q -B -ntp "$@" -pl test-fixtures,hot-key-toolkit test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
CP="hot-key-toolkit/target/test-classes:hot-key-toolkit/target/classes:$(cat hot-key-toolkit/target/test-classpath.txt)"
exec "$JAVA" -Dhpr.repoRoot="$PWD" -cp "$CP" dev.hpr.toolkit.bench.ToolkitBenchmark
