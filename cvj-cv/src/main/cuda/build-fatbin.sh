#!/usr/bin/env bash
# Builds every kernel under src/main/cuda into one fatbin: machine code for sm_75..sm_90 and PTX for the
# newest, so the driver can JIT it for later GPUs. Called by Maven (exec-maven-plugin, process-classes);
# skipped with -Dcvj.skipKernels=true. Usage: build-fatbin.sh <cuda-source-dir> <output.fatbin> [<archs-stamp>]
set -euo pipefail
src=$1
out=$2
nvcc=""
for c in "${NVCC:-}" "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" "$(command -v nvcc || true)" /usr/local/cuda/bin/nvcc; do
  if [ -n "$c" ] && [ -x "$c" ]; then nvcc=$c; break; fi
done
if [ -z "$nvcc" ]; then
  echo "ERROR: nvcc not found (looked at \$NVCC, \$CUDA_HOME/bin, PATH, /usr/local/cuda/bin)." >&2
  echo "       cvj's kernels are built from CUDA C++ at build time. Install the CUDA toolkit (12 or 13)," >&2
  echo "       or build without kernels for CPU-only work: ./mvnw -Dcvj.skipKernels=true ..." >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
archs=${CVJ_CUDA_ARCHS:-"75 80 86 89 90"}
# Rebuild only when a source is newer than the fatbin, or the fatbin was built for other archs.
stamp=${3:-$out.archs} # which archs the fatbin holds; kept out of the jar by Maven
if [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$archs" ] \
   && [ -z "$(find "$src" -newer "$out" \( -name '*.cu' -o -name '*.cuh' -o -name '*.sh' \) -print -quit)" ]; then
  echo "cvj kernels: $out is up to date"
  exit 0
fi
gencode=()
newest=0
for a in $archs; do
  gencode+=("-gencode=arch=compute_$a,code=sm_$a")
  newest=$a
done
gencode+=("-gencode=arch=compute_$newest,code=compute_$newest")
unity=$(mktemp --suffix=.cu)
trap 'rm -f "$unity"' EXIT
for f in "$src"/*.cu; do echo "#include \"$f\""; done > "$unity"
echo "cvj kernels: $nvcc -fatbin (sm: $archs, PTX: compute_$newest) -> $out"
"$nvcc" -fatbin -std=c++17 -O3 --threads 0 -I"$src" "${gencode[@]}" -o "$out.tmp" "$unity"
mv "$out.tmp" "$out"
echo "$archs" > "$stamp"
