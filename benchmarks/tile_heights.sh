#!/usr/bin/env bash
# Times the seed network's training step and inference with each register tile height the cpu backend has (4, 6 and 8
# rows of two vectors; -Dcochlea.cpu.tileRows), so the rule in TileHeight can be checked on the machine and JDK at
# hand. Heights run in turn, twice, so that a burst of outside load shows as disagreement between the two rounds.
# Usage: benchmarks/tile_heights.sh [--java /path/to/java] [--jvm-opt OPT]... [--steps 6]
set -euo pipefail
export POCL_SIGFPE_HANDLER=0
cd "$(dirname "$0")/.."
java=java steps=6
jvm_opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --java) java=$2; shift 2 ;;
    --jvm-opt) jvm_opts+=("$2"); shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find . -name '*.java' -newer "$jar" -not -path './*/target/*' | head -1)" ]; then
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests >&2
fi
echo "| round | tile | training samples/s | inference samples/s |"
echo "| ---: | --- | ---: | ---: |"
for round in 1 2; do
  for rows in 4 6 8; do
    "$java" --add-modules jdk.incubator.vector "${jvm_opts[@]}" -Dcochlea.cpu.tileRows=$rows -Xmx12g -cp "$jar" \
      dev.cochlea.benchmarks.SeedReport cpu 32 "$steps" 2>/dev/null | tail -1 |
      /usr/bin/python3 -c "import json, sys; c = json.load(sys.stdin); print(f\"| $round | ${rows}x2 | {c['train_samples_per_s']:.1f} | {c['infer_samples_per_s']:.1f} |\")"
  done
done
