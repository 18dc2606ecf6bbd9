#!/usr/bin/env bash
# One-command comparison: the seed network's training step and inference in PyTorch (Debian's python3-torch, 2
# threads) and in Cochlea (default: the cpu backend) in the same run, with the ratio, and each Conv1d's GFLOP/s as a
# fraction of the machine's measured sgemm peak (numpy); then inference against ONNX Runtime on Cochlea's ONNX export
# (compare_onnx.sh: rows "| inference, batch 32 |" and "| inference, batch 1 |"). It also measures, with the same JVM and
# threads, the machine's FMA peak through the Vector API (FmaPeak) and its memory bandwidth (MemoryBandwidth, a STREAM
# triad), and states the training step and inference as fractions of that peak. Usage:
#   benchmarks/compare.sh [--backend cpu] [--batch 32] [--steps 10] [--java /path/to/java] [--jvm-opt OPT]... [--avx2]
# --jvm-opt passes an option to Cochlea's JVMs (repeat it for several). --avx2 runs the AVX2 code paths on an AVX-512
# machine: -XX:UseAVX=2 for the JVM (AVX2's 16 vector registers of 256 bits) and ONEDNN_MAX_CPU_ISA=AVX2 for PyTorch's
# oneDNN (its ATen kernels are AVX2 in Debian's build already), and ONNX Runtime with its MLAS kernels limited to AVX2
# (compare_onnx.sh --ort-avx2).
set -euo pipefail
# PoCL (OpenCL on the CPU) would otherwise install a signal handler that crashes the JVM; see PoclSignalGuard.
export POCL_SIGFPE_HANDLER=0
cd "$(dirname "$0")/.."
backend=cpu batch=32 steps=10 java=java
jvm_opts=()
torch_env=()
onnx_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    --jvm-opt) jvm_opts+=("$2"); shift 2 ;;
    --avx2) jvm_opts+=(-XX:UseAVX=2); torch_env+=(ONEDNN_MAX_CPU_ISA=AVX2); onnx_flags+=(--ort-avx2); shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
onnx_opts=("${onnx_flags[@]}")
for opt in "${jvm_opts[@]}"; do onnx_opts+=(--jvm-opt "$opt"); done
if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; }; then
  echo "PyTorch rows skipped: they need Debian's PyTorch (apt-get install python3-torch python3-numpy)" >&2
  exec benchmarks/compare_onnx.sh --backend "$backend" --java "$java" "${onnx_opts[@]}"
fi
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find . -name '*.java' -newer "$jar" -not -path './*/target/*' | head -1)" ]; then
  mvn -B -ntp -q -pl benchmarks -am package -DskipTests
fi
echo "PyTorch: training and inference at batch $batch ..." >&2
torch_json=$(env "${torch_env[@]}" OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch_seed.py --threads 2 --batch "$batch" --steps "$steps")

peak1=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/sgemm_peak.py)
peak2=$(/usr/bin/python3 benchmarks/sgemm_peak.py)
echo "Cochlea ($backend, $("$java" -version 2>&1 | head -1)): training and inference at batch $batch ..." >&2
cochlea_java() { "$java" --add-modules jdk.incubator.vector "${jvm_opts[@]}" "$@" 2>/dev/null | tail -1; }
cochlea_json=$(cochlea_java -Xmx12g -cp "$jar" dev.cochlea.benchmarks.SeedReport "$backend" "$batch" "$steps")
fma_json=$(cochlea_java -cp "$jar" dev.cochlea.benchmarks.FmaPeak)
memory_json=$(cochlea_java -cp "$jar" dev.cochlea.benchmarks.MemoryBandwidth)
/usr/bin/python3 - "$torch_json" "$cochlea_json" "$peak1" "$peak2" "$fma_json" "$memory_json" "${jvm_opts[*]:-}" "${torch_env[*]:-}" <<'PY'
import json, sys, datetime, platform
t, c = json.loads(sys.argv[1]), json.loads(sys.argv[2])
peak1, peak2 = float(sys.argv[3]), float(sys.argv[4])
fma, memory = json.loads(sys.argv[5]), json.loads(sys.argv[6])
jvm_opts, torch_env = sys.argv[7], sys.argv[8]
cpuinfo = open("/proc/cpuinfo").read().splitlines()
def cpu_field(prefix, default):
    return next((l.split(":", 1)[1].strip() for l in cpuinfo if l.startswith(prefix)), default)
cpu, family, model = cpu_field("model name", platform.machine()), cpu_field("cpu family", "?"), cpu_field("model\t", "?")
print(f"Seed network, batch {c['batch']}, {datetime.date.today()}, {cpu} (family {family} model {model}), {c['threads']} threads, JDK {c['jdk']}{' ' + jvm_opts if jvm_opts else ''}, {fma['vector_bits']}-bit vectors, PyTorch {t['torch']}{' ' + torch_env if torch_env else ''}")
print(f"Cochlea cpu tuning: {c.get('tuning', 'n/a')}")
print()
print("| workload | PyTorch samples/s | Cochlea samples/s | ratio |")
print("| --- | ---: | ---: | ---: |")
print(f"| training step | {t['train_samples_per_s']:.1f} | {c['train_samples_per_s']:.1f} | {c['train_samples_per_s'] / t['train_samples_per_s']:.2f}x |")
print(f"| inference | {t['infer_samples_per_s']:.1f} | {c['infer_samples_per_s']:.1f} | {c['infer_samples_per_s'] / t['infer_samples_per_s']:.2f}x |")
print()
print(f"Cochlea training step: {c['train_gflops']:.1f} GFLOP/s overall; heap allocated per step {c['alloc_bytes_per_step'] / 1e6:.1f} MB; peak heap {c['peak_heap_bytes'] / 1e9:.2f} GB")
print(f"numpy sgemm peak (2048^3): {peak1:.0f} GFLOP/s on 1 thread, {peak2:.0f} GFLOP/s on all cores")
print(f"FMA peak: {fma['gflops']:.0f} GFLOP/s (Vector API probe, {fma['threads']} threads); training step at {c['train_gflops'] / fma['gflops']:.0%} of it, inference at {c['infer_gflops'] / fma['gflops']:.0%}")
print(f"Memory bandwidth: {memory['gbytes_per_s']:.1f} GB/s (STREAM triad, {memory['threads']} threads)")
print()
print("| conv | forward GFLOP/s | backward-input GFLOP/s | backward-weight GFLOP/s | fractions of the FMA peak |")
print("| --- | ---: | ---: | ---: | ---: |")
for v in c["convs"]:
    fractions = " / ".join(f"{v[k] / fma['gflops']:.0%}" for k in ("forward_gflops", "backward_input_gflops", "backward_weight_gflops"))
    print(f"| {v['layer']}: {v['shape']} | {v['forward_gflops']:.1f} | {v['backward_input_gflops']:.1f} | {v['backward_weight_gflops']:.1f} | {fractions} |")
PY
echo
benchmarks/compare_onnx.sh --backend "$backend" --java "$java" "${onnx_opts[@]}"
