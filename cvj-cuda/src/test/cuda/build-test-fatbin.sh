#!/usr/bin/env bash
# Builds test-kernels.fatbin (sm_75 .. sm_90 machine code + compute_90 PTX) from test-kernels.cu into
# src/test/resources/dev/cvj/cuda/. Run it after changing test-kernels.cu and commit the result.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
nvcc="${NVCC:-${CUDA_HOME:-/usr/local/cuda}/bin/nvcc}"
out="$here/../resources/dev/cvj/cuda/test-kernels.fatbin"
mkdir -p "$(dirname "$out")"
"$nvcc" --fatbin -O3 -std=c++17 \
  -gencode arch=compute_75,code=sm_75 \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_86,code=sm_86 \
  -gencode arch=compute_89,code=sm_89 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 \
  -o "$out" "$here/test-kernels.cu"
echo "wrote $out ($(stat -c %s "$out") bytes)"
