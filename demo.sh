#!/usr/bin/env bash
# The main job, locally: builds the function jar, starts the local AWS (moto + extensions) on a free loopback port,
# creates the demo tables, loads a hot-key incident, an under-provisioning incident and an on-demand maximum, runs
# `java -jar functions/target/hot-partition-remediator.jar invoke <event>` for each (and `approve`), runs `forecast`
# on a table with 14 days of a daily 09:00 peak, prints each outcome and the settings before and after, and stops
# the local AWS.
set -euo pipefail
cd "$(dirname "$0")"
command -v python3 >/dev/null || { echo "python3 is required (with moto 5.2.1: pip install 'moto[server]==5.2.1')" >&2; exit 1; }
python3 -c 'import moto' 2>/dev/null || { echo "moto 5.2.1 is required for the local AWS: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
echo "Building the function jar (mvn package, tests skipped)..."
mvn -q -B -ntp -DskipTests install -pl functions -am
exec mvn -q -B -ntp -pl test-fixtures exec:java -Dexec.mainClass=dev.hpr.testfixtures.Demo -Dhpr.repoRoot="$PWD"
