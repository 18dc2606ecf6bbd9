#!/usr/bin/env bash
# Inference against ONNX Runtime in one run: exports the seed network with Cochlea's ONNX exporter, runs it in ONNX
# Runtime's Java API (CPU, all graph optimisations, 2 intra-op threads) and in Cochlea, alternating, and prints
# markdown rows "| inference, batch 32 |" and "| inference, batch 1 |" whose last column is Cochlea's samples/s over
# ONNX Runtime's. compare.sh calls it; it also runs alone (no PyTorch needed). Usage:
#   benchmarks/compare_onnx.sh [--backend cpu] [--rounds 7] [--java /path/to/java] [--jvm-opt OPT]... [--ort-nospin]
#                              [--ort-avx2]
# --jvm-opt passes an option to Cochlea's JVM, e.g. -XX:UseAVX=2 to run the AVX2 code path on an AVX-512 machine.
# ONNX Runtime's MLAS picks its kernels from the CPU itself, whatever the JVM is told; --ort-avx2 limits it to its AVX2
# kernels (a copy of its library with the AVX-512 dispatch switched off: OnnxRuntimeAvx2), the peer for that path.
# --ort-nospin stops ONNX Runtime's worker threads spinning while they wait (its default spins: best when idle, costly
# on a machine shared with other work).
set -euo pipefail
# PoCL (OpenCL on the CPU) would otherwise install a signal handler that crashes the JVM; see PoclSignalGuard.
export POCL_SIGFPE_HANDLER=0
cd "$(dirname "$0")/.."
backend=cpu rounds=7 java=java spin=spin ort_isa=native
jvm_opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    --jvm-opt) jvm_opts+=("$2"); shift 2 ;;
    --ort-nospin) spin=nospin; shift ;;
    --ort-avx2) ort_isa=avx2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find . -name '*.java' -newer "$jar" -not -path './*/target/*' | head -1)" ]; then
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests >&2
fi
echo "Cochlea ($backend, $("$java" -version 2>&1 | head -1)) and ONNX Runtime: inference at batch 32 and 1 ..." >&2
# protobuf-java (the exporter's wire format) uses sun.misc.Unsafe; JDK 24+ warns unless told to allow it, and JDKs
# before 23 do not know the option.
if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  jvm_opts+=(--sun-misc-unsafe-memory-access=allow)
fi
"$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g "${jvm_opts[@]}" -cp "$jar" \
  dev.cochlea.benchmarks.OnnxRuntimeComparison \
  "$backend" "$rounds" "$spin" "$ort_isa" 2> >(grep -v 'incubator' >&2)
