#!/usr/bin/env bash
# Regenerates the committed PTX of every kernel source:
#   src/main/cuda/NAME.cu -> src/main/resources/dev/cochlea/cuda/NAME.ptx
# The build never runs nvcc: run this after editing a .cu file and commit both (PtxFreshnessTest checks that they
# agree). PTX_OUT=DIR writes the PTX elsewhere (the freshness test does); NVCC=PATH and PTXAS=PATH pick the tools.
#
# Target: virtual architecture compute_80 (Ampere, the first with TF32 tensor cores); the driver JIT-compiles it
# for sm_80, sm_90 and newer GPUs.
#
# PTX ISA version. nvcc has no option to choose the ISA version it writes: CUDA 13's nvcc stamps every file
# ".version 9.0", which drivers older than CUDA 13 refuse outright, although our kernels use nothing newer than
# ISA 7.0 (mma.sync m16n8k8 .tf32 and cvt.rna.tf32 came with 7.0). So the header is set to PTX_ISA (8.0, the ISA of
# CUDA 12.0, JCuda 12's minimum driver), and the script then proves that the lowering is sound: ptxas enforces the
# declared version (an instruction newer than the header is an error, "Feature ... requires PTX ISA .version X or
# later"), and every file must assemble for sm_80 and sm_90 under it, or the script fails. PtxAssemblyTest repeats
# that check in CI and PtxHeaderTest checks the headers against PtxResources.ISA_VERSION.
set -euo pipefail
cd "$(dirname "$0")/.."
NVCC="${NVCC:-nvcc}"
PTXAS="${PTXAS:-ptxas}"
out="${PTX_OUT:-src/main/resources/dev/cochlea/cuda}"
PTX_ISA="8.0"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for cu in src/main/cuda/*.cu; do
  name="$(basename "$cu" .cu)"
  "$NVCC" -arch=compute_80 -ptx -O3 -Isrc/main/cuda "$cu" -o "$tmp/$name.nvcc.ptx"
  grep -qE '^\.version [0-9]+\.[0-9]+$' "$tmp/$name.nvcc.ptx" || { echo "$name.ptx: no .version line" >&2; exit 1; }
  sed -E "s/^\.version [0-9]+\.[0-9]+$/.version $PTX_ISA/" "$tmp/$name.nvcc.ptx" > "$tmp/$name.ptx"
  for arch in sm_80 sm_90; do
    if ! "$PTXAS" -arch="$arch" "$tmp/$name.ptx" -o "$tmp/$name.$arch.cubin" 2> "$tmp/ptxas.log"; then
      echo "$name.ptx does not assemble for $arch at PTX ISA $PTX_ISA (raise PTX_ISA, or avoid the feature):" >&2
      cat "$tmp/ptxas.log" >&2
      exit 1
    fi
  done
  mv "$tmp/$name.ptx" "$out/$name.ptx"
  echo "$out/$name.ptx"
done
