#!/usr/bin/env bash
# Regenerates the committed PTX of every kernel source:
#   src/main/cuda/NAME.cu -> src/main/resources/dev/cochlea/cuda/NAME.ptx
# The build never runs nvcc: run this after editing a .cu file and commit both (PtxFreshnessTest checks that they
# agree). PTX_OUT=DIR writes the PTX elsewhere (the freshness test does); NVCC=PATH picks the compiler.
#
# compute_80 is the oldest virtual architecture we target (Ampere); the driver JIT-compiles it for sm_80, sm_90 and
# newer GPUs. nvcc stamps PTX with its own ISA version (9.0 for CUDA 13), which drivers older than CUDA 13 refuse,
# so the header is lowered to PTX ISA 8.0 (CUDA 12.0, JCuda 12's minimum driver). PtxAssemblyTest proves with ptxas
# that every instruction is valid at that ISA version.
set -euo pipefail
cd "$(dirname "$0")/.."
NVCC="${NVCC:-nvcc}"
out="${PTX_OUT:-src/main/resources/dev/cochlea/cuda}"
PTX_ISA="8.0"
mkdir -p "$out"
for cu in src/main/cuda/*.cu; do
  name="$(basename "$cu" .cu)"
  "$NVCC" -arch=compute_80 -ptx -O3 -Isrc/main/cuda "$cu" -o "$out/$name.ptx.tmp"
  sed -E "s/^\.version [0-9]+\.[0-9]+$/.version $PTX_ISA/" "$out/$name.ptx.tmp" > "$out/$name.ptx"
  rm "$out/$name.ptx.tmp"
  echo "$out/$name.ptx"
done
