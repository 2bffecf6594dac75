#!/usr/bin/env bash
# Builds every kernel under src/main/cuda into one compressed fatbin: machine code (SASS) for sm_75, sm_80 and
# sm_90, and PTX for the newest, so the driver can JIT it for later GPUs. Called by Maven (exec-maven-plugin,
# process-classes); skipped with -Dcvj.skipKernels=true.
# Usage: build-fatbin.sh <cuda-source-dir> <output.fatbin> [<stamp>]
#
# Architectures: SASS runs on every GPU of its major version with an equal or higher minor one, so sm_80 covers
# sm_86 and sm_89 (the kernels are memory-bound; SASS of their own would add about 0.5 MB each to the jar), sm_90
# is the H100/H200 build, and the compute_90 PTX is JIT-compiled on first load (then cached by the driver) on
# Blackwell and later. CVJ_CUDA_ARCHS overrides the list, e.g. CVJ_CUDA_ARCHS="75 80 90 100 120".
# Compression: every image is zstd-compressed (--compress-mode=size, nvcc 12.8+), 23 MB -> 2 MB; the driver
# decompresses the one image it loads. A fatbin made by nvcc 13 needs a CUDA 13 driver anyway; one made by nvcc
# 12.8/12.9 needs driver 550.54 (CUDA 12.4) or newer. Older nvcc gets -Xfatbin=-compress-all (LZ4).
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
archs=${CVJ_CUDA_ARCHS:-"75 80 90"}
if "$nvcc" --help 2>/dev/null | grep -q -- '--compress-mode'; then
  compress=(--compress-mode=size)
else
  compress=(-Xfatbin=-compress-all)
fi
# Rebuild only when a source is newer than the fatbin, or the fatbin was built for other archs or compression.
stamp=${3:-$out.archs} # what the fatbin was built with; kept out of the jar by Maven
built_with="$archs ${compress[*]}"
if [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$built_with" ] \
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
echo "cvj kernels: $nvcc -fatbin ${compress[*]} (sm: $archs, PTX: compute_$newest) -> $out"
"$nvcc" -fatbin -std=c++17 -O3 --threads 0 "${compress[@]}" -I"$src" "${gencode[@]}" -o "$out.tmp" "$unity"
mv "$out.tmp" "$out"
echo "$built_with" > "$stamp"
