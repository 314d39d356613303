#!/usr/bin/env bash
# Runs every benchmark in one go and draws the chart; see docs/benchmarks.md.
#   ./bench/run.sh                 # JMH (short runs: the machine is shared) + handoff harness (and its waiting runs) + chart
#   ./bench/run.sh -f 3 -i 10      # extra options go to JMH, e.g. longer, steadier runs
#   ./bench/run.sh DistributedRoundTripBenchmark   # a name pattern: only those JMH benchmarks, no harness, no chart
# Needs a JDK 17+ and python3 (stdlib; matplotlib is used for the chart when installed).
set -euo pipefail
cd "$(dirname "$0")/.."

# A benchmark name pattern is an argument that is no option and no option's value. Such a run
# measures a part only: it skips the handoff harness and leaves the chart in docs/ as it is (drawn
# from a part, it would lose every other figure), and writes its results apart.
partial=false
previous=""
for argument in "$@"; do
  if [[ "$argument" != -* && "$previous" != -* ]]; then
    partial=true
  fi
  previous="$argument"
done

./mvnw -B -ntp -q -Pbenchmarks -pl lock-benchmarks -am package -DskipTests
cp="lock-benchmarks/target/classes:$(cat lock-benchmarks/target/classpath.txt)"
out=bench/results
$partial && out=bench/results/partial
mkdir -p "$out"
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"

"$java" -version 2>&1 | head -1 | tee "$out/jdk.txt"
# The defaults, each unless given among the arguments: JMH refuses an option given twice.
defaults=(-f 1 -wi 5 -i 5 -w 1s -r 1s -jvmArgs -Xmx256m)
options=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  given=false
  for argument in "$@"; do
    [[ "$argument" == "${defaults[k]}" ]] && given=true
  done
  $given || options+=("${defaults[k]}" "${defaults[k + 1]}")
done
"$java" -cp "$cp" org.openjdk.jmh.Main "${options[@]}" -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.txt"
if $partial; then
  echo "A part of the benchmarks ran: results in $out; the harness and the chart need a run without a name pattern."
  exit 0
fi
# The exit code is 1 when a kind failed; the runs that worked are still written and charted.
"$java" -cp "$cp" dev.filelock.bench.handoff.HandoffMain --out "$out/handoff.json" | tee "$out/handoff.txt" || true

python=python3
# Debian's python3-matplotlib lives beside the system python, which another python3 on PATH may hide.
if ! python3 -c 'import matplotlib' 2>/dev/null && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  python=/usr/bin/python3
fi
"$python" bench/chart.py "$out" docs/benchmarks.svg
