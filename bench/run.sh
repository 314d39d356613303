#!/usr/bin/env bash
# Runs every benchmark in one go and draws the chart; see docs/benchmarks.md.
#   ./bench/run.sh                 # JMH (short runs: the machine is shared) + handoff harness (and its waiting runs) + chart
#   ./bench/run.sh -f 3 -i 10      # extra options go to JMH, e.g. longer, steadier runs
# Needs a JDK 17+ and python3 (stdlib; matplotlib is used for the chart when installed).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -ntp -q -Pbenchmarks -pl lock-benchmarks -am package -DskipTests
cp="lock-benchmarks/target/classes:$(cat lock-benchmarks/target/classpath.txt)"
out=bench/results
mkdir -p "$out"
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"

"$java" -version 2>&1 | head -1 | tee "$out/jdk.txt"
"$java" -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 5 -i 5 -w 1s -r 1s -jvmArgs "-Xmx256m" \
  -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.txt"
# The exit code is 1 when a kind failed; the runs that worked are still written and charted.
"$java" -cp "$cp" dev.filelock.bench.handoff.HandoffMain --out "$out/handoff.json" | tee "$out/handoff.txt" || true

python=python3
# Debian's python3-matplotlib lives beside the system python, which another python3 on PATH may hide.
if ! python3 -c 'import matplotlib' 2>/dev/null && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  python=/usr/bin/python3
fi
"$python" bench/chart.py "$out" docs/benchmarks.svg
