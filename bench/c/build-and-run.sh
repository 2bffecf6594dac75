#!/usr/bin/env bash
# Builds the C peer benchmarks with nvcc and runs them (on the GPU machine).
#
#   bash bench/c/build-and-run.sh              # build both, run both
#   bash bench/c/build-and-run.sh --quick      # shorter loops (smoke test)
#   bash bench/c/build-and-run.sh --build-only # just compile (checks the toolkit, NPP headers and libs)
#   bash bench/c/build-and-run.sh --only overhead|npp|varshape   # npp includes varshape
#   bash bench/c/build-and-run.sh --npp-grid   # NPP over batches 1, 8, 32, 128 x 224x224, 720p, 1080p, 4K
#                                              # (with --quick: 1, 32 x 224x224, 1080p); default 32 x 1080p
#
# cuda_overhead is built twice: as nvcc links by default (static cudart) and with -cudart shared (the
# libcudart.so the JVM loads); the second runs only the call and launch part (--calls-only) and writes
# $OUT/c_cuda_overhead_shared.csv.
# npp_varshape times nppiResizeBatch_8u_C3R_Advanced_Ctx on the images of different sizes of
# bench/varshape-sizes.txt (the sizes every peer reads; CVJ_VARSHAPE_SIZES names another file) and appends its row
# to the NPP CSV.
# npp_preprocess times one image's pre-processing chain (resize, crop, convert, normalize, planar; one NPP call per
# step) at batches 1, 2, 4, 8 and appends its rows to the NPP CSV; it needs libnppial too.
# npp_filters_warps times NPP's warps, filters, morphology and threshold (the peers of cvj's warp and filter rows) on
# their smaller grid, batches 1 and 32 x 224x224 and 1920x1080 (without --npp-grid: 32 x 1920x1080), and appends its
# rows to the NPP CSV; it needs libnppif, libnppim and libnppitc too (skipped with a message when they are missing).
# npp_color_stats times NPP's colour twists, LUT, erase, histogram, min/max with locations and colour conversions (the
# peers of cvj's colour, photometric and statistics rows) on the same grid and appends its rows to the NPP CSV; it
# needs libnppist too.
# Binaries go to ${CVJ_BENCH_BUILD:-/tmp/cvj-bench-c}. CSV goes to stdout and, when $OUT is set, to
# $OUT/c_cuda_overhead.csv and $OUT/c_npp_ops.csv. Arch: ${CVJ_CUDA_ARCH:-sm_90} (H100/H200).
# NPP: the headers (nppi.h) and libs (libnppc, libnppig, libnppicc, libnppidei) are looked for in the
# CUDA toolkit; if missing, the NPP harness is skipped with a clear message and the rest still runs.
# Exit status: non-zero if a build or a run failed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${CVJ_BENCH_BUILD:-/tmp/cvj-bench-c}
arch=${CVJ_CUDA_ARCH:-sm_90}
quick=(); build_only=0; only=all; npp_grid=0; max_gb=${CVJ_BENCH_MAX_GB:-20}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=(--quick) ;;
    --build-only) build_only=1 ;;
    --npp-grid) npp_grid=1 ;;
    --only) only=$2; shift ;;
    --only=*) only=${1#*=} ;;
    *) echo "build-and-run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$build"
[ -n "${OUT:-}" ] && mkdir -p "$OUT"

nvcc=""
for c in "${NVCC:-}" "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" "$(command -v nvcc || true)" /usr/local/cuda/bin/nvcc; do
  if [ -n "$c" ] && [ -x "$c" ]; then nvcc=$c; break; fi
done
[ -n "$nvcc" ] || { echo "ERROR: nvcc not found (set NVCC or CUDA_HOME)"; exit 1; }
# The toolkit root: $CUDA_HOME, else the one nvcc lives in (nvcc may be a wrapper on PATH), else /usr/local/cuda.
cuda_home=${CUDA_HOME:-}
if [ -z "$cuda_home" ]; then
  d=$(cd "$(dirname "$(readlink -f "$nvcc")")/.." && pwd)
  if [ -f "$d/include/cuda_runtime.h" ] || [ -f "$d/targets/x86_64-linux/include/cuda_runtime.h" ]; then
    cuda_home=$d
  else
    cuda_home=/usr/local/cuda
  fi
fi
echo "== nvcc: $nvcc ($("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')), arch $arch, CUDA home $cuda_home"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv

status=0

# ------------------------------------------------------------------ NPP: headers and libraries
npp_ok=1
npp_inc=""
for d in "$cuda_home/include" "$cuda_home/targets/x86_64-linux/include" /usr/include; do
  if [ -f "$d/nppi.h" ]; then npp_inc=$d; break; fi
done
[ -n "$npp_inc" ] || { echo "NPP: MISSING headers (no nppi.h under $cuda_home/include, targets/x86_64-linux/include or /usr/include)"; npp_ok=0; }
npp_libdir=""
for d in "$cuda_home/lib64" "$cuda_home/targets/x86_64-linux/lib" "$cuda_home/lib" /usr/lib/x86_64-linux-gnu; do
  if ls "$d"/libnppc.so* >/dev/null 2>&1; then npp_libdir=$d; break; fi
done
missing=()
for l in nppc nppig nppicc nppidei; do
  if [ -z "$npp_libdir" ] || ! ls "$npp_libdir/lib$l.so"* >/dev/null 2>&1; then missing+=("lib$l.so"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "NPP: MISSING libraries: ${missing[*]} (looked in $cuda_home/lib64, targets/x86_64-linux/lib, lib, /usr/lib/x86_64-linux-gnu)"
  npp_ok=0
fi
npp_fw_ok=$npp_ok
for l in nppif nppim nppitc; do
  if [ $npp_ok = 1 ] && ! ls "$npp_libdir/lib$l.so"* >/dev/null 2>&1; then
    echo "NPP: MISSING lib$l.so in $npp_libdir: npp_filters_warps skipped"; npp_fw_ok=0
  fi
done
npp_cs_ok=$npp_ok
if [ $npp_ok = 1 ] && ! ls "$npp_libdir"/libnppist.so* >/dev/null 2>&1; then
  echo "NPP: MISSING libnppist.so in $npp_libdir: npp_color_stats skipped"; npp_cs_ok=0
fi
[ $npp_ok = 1 ] && echo "NPP: headers in $npp_inc, libraries in $npp_libdir ($(ls "$npp_libdir"/libnpp*.so 2>/dev/null | xargs -n1 basename | tr '\n' ' '))"

# ------------------------------------------------------------------ build
flags=(-O3 -std=c++17 -arch="$arch" -Xcompiler -Wall)
if [ "$only" = all ] || [ "$only" = overhead ]; then
  echo "== build cuda_overhead"
  rm -f "$build/cuda_overhead"
  "$nvcc" "${flags[@]}" -o "$build/cuda_overhead" "$here/cuda_overhead.cu" || { echo "BUILD FAILED: cuda_overhead"; status=1; }
  rm -f "$build/cuda_overhead_shared"
  "$nvcc" "${flags[@]}" -cudart shared -o "$build/cuda_overhead_shared" "$here/cuda_overhead.cu" \
    || { echo "BUILD FAILED: cuda_overhead_shared"; status=1; }
fi
build_npp() { # build_npp NAME -lLIB...: $here/NAME.cu against NPP's headers and those libraries
  local name=$1; shift
  echo "== build $name"
  rm -f "$build/$name"
  "$nvcc" "${flags[@]}" -I"$npp_inc" -o "$build/$name" "$here/$name.cu" \
    -L"$npp_libdir" -Xlinker -rpath="$npp_libdir" "$@" || { echo "BUILD FAILED: $name"; status=1; }
}
wants_npp=0; { [ "$only" = all ] || [ "$only" = npp ]; } && wants_npp=1
wants_varshape=0; { [ $wants_npp = 1 ] || [ "$only" = varshape ]; } && wants_varshape=1
if [ $wants_npp = 1 ] && [ $npp_ok = 1 ]; then
  build_npp npp_ops -lnppig -lnppicc -lnppidei -lnppc
fi
if [ $wants_varshape = 1 ] && [ $npp_ok = 1 ]; then
  build_npp npp_varshape -lnppig -lnppc
fi
if [ $wants_npp = 1 ] && [ $npp_fw_ok = 1 ]; then
  build_npp npp_filters_warps -lnppig -lnppif -lnppim -lnppitc -lnppc
fi
if [ $wants_npp = 1 ] && [ $npp_cs_ok = 1 ]; then
  build_npp npp_color_stats -lnppicc -lnppidei -lnppist -lnppc
fi
npp_pre_ok=$npp_ok
if [ $npp_ok = 1 ] && ! ls "$npp_libdir"/libnppial.so* >/dev/null 2>&1; then
  echo "NPP: MISSING libnppial.so in $npp_libdir: npp_preprocess skipped"; npp_pre_ok=0
fi
if [ $wants_npp = 1 ] && [ $npp_pre_ok = 1 ]; then
  build_npp npp_preprocess -lnppig -lnppial -lnppidei -lnppc
fi
if [ $wants_varshape = 1 ] && [ $npp_ok = 0 ]; then
  echo "== npp_ops and npp_varshape skipped: NPP is not installed here"
fi
[ $build_only = 1 ] && { echo "build-only: exit $status"; exit $status; }

# ------------------------------------------------------------------ run
run() { # run NAME CSVNAME ARGS...: CSV to stdout and $OUT/CSVNAME
  local name=$1 csv=$2; shift 2
  [ -x "$build/$name" ] || return 0
  echo "== run $name $*"
  if [ -n "${OUT:-}" ]; then
    "$build/$name" "$@" | tee "$OUT/$csv"
  else
    "$build/$name" "$@"
  fi
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { echo "RUN FAILED: $name (exit $rc)"; status=1; }
}
{ [ "$only" = all ] || [ "$only" = overhead ]; } && run cuda_overhead c_cuda_overhead.csv "${quick[@]}"
{ [ "$only" = all ] || [ "$only" = overhead ]; } && run cuda_overhead_shared c_cuda_overhead_shared.csv "${quick[@]}" --calls-only
if [ $wants_npp = 1 ] && [ -x "$build/npp_ops" ]; then
  if [ $npp_grid = 1 ]; then
    # The grid of the Java and torch benchmarks; a combination needing more than $max_gb GB is skipped
    # (the rule of torch_ops.py and OpsBenchMain: max(6 x U8 + F32, 5 x F32) bytes).
    if [ ${#quick[@]} -gt 0 ]; then sizes="224x224 1920x1080"; batches="1 32"; else
      sizes="224x224 1280x720 1920x1080 3840x2160"; batches="1 8 32 128"; fi
    [ -n "${OUT:-}" ] && : > "$OUT/c_npp_ops.csv"
    for wh in $sizes; do
      w=${wh%x*}; h=${wh#*x}
      for b in $batches; do
        u8=$((b * w * h * 3)); f32=$((4 * u8)); need=$((6 * u8 + f32)); [ $((5 * f32)) -gt $need ] && need=$((5 * f32))
        if [ $need -gt $((max_gb * 1000000000)) ]; then echo "# skip npp batch $b $wh"; continue; fi
        echo "== run npp_ops --batch $b --width $w --height $h ${quick[*]}"
        if [ -n "${OUT:-}" ]; then
          "$build/npp_ops" --batch "$b" --width "$w" --height "$h" "${quick[@]}" | tee -a "$OUT/c_npp_ops.csv"
        else
          "$build/npp_ops" --batch "$b" --width "$w" --height "$h" "${quick[@]}"
        fi
        rc=${PIPESTATUS[0]}
        # exit 3: some NPP calls refused this size (a 'nan' row, e.g. SUPER sampling without a shrink, or
        # nppiResizeBatch with one image); anything else is a failure.
        case $rc in 0) ;; 3) echo "npp_ops $b $wh: some ops not supported by NPP at this size (nan rows)" ;;
          *) echo "RUN FAILED: npp_ops $b $wh (exit $rc)"; status=1 ;; esac
      done
    done
  else
    run npp_ops c_npp_ops.csv "${quick[@]}"
  fi
fi
# Appended to the NPP CSV, on the small grid of cvj's FilterWarpRows and PhotometricRows.
if [ $npp_grid = 1 ]; then fw_runs="1x224x224 32x224x224 1x1920x1080 32x1920x1080"; else fw_runs="32x1920x1080"; fi
for bin in npp_filters_warps npp_color_stats; do
  { [ $wants_npp = 1 ] && [ -x "$build/$bin" ]; } || continue
  for r in $fw_runs; do
    b=${r%%x*}; wh=${r#*x}; w=${wh%x*}; h=${wh#*x}
    echo "== run $bin --batch $b --width $w --height $h ${quick[*]}"
    if [ -n "${OUT:-}" ]; then
      "$build/$bin" --batch "$b" --width "$w" --height "$h" "${quick[@]}" | tee -a "$OUT/c_npp_ops.csv"
    else
      "$build/$bin" --batch "$b" --width "$w" --height "$h" "${quick[@]}"
    fi
    rc=${PIPESTATUS[0]}
    case $rc in 0) ;; 3) echo "$bin $b $wh: some ops refused by NPP (nan rows)" ;;
      *) echo "RUN FAILED: $bin $b $wh (exit $rc)"; status=1 ;; esac
  done
done
if [ $wants_npp = 1 ] && [ -x "$build/npp_preprocess" ]; then
  # Appended to the NPP CSV: one image's pre-processing chain, batches 1, 2, 4, 8 (cvj's PreprocessLatencyGpuMain).
  echo "== run npp_preprocess ${quick[*]}"
  if [ -n "${OUT:-}" ]; then
    "$build/npp_preprocess" "${quick[@]}" | tee -a "$OUT/c_npp_ops.csv"
  else
    "$build/npp_preprocess" "${quick[@]}"
  fi
  rc=${PIPESTATUS[0]}
  case $rc in 0) ;; 3) echo "npp_preprocess: NPP refused a call (its row says nan)" ;;
    *) echo "RUN FAILED: npp_preprocess (exit $rc)"; status=1 ;; esac
fi
if [ $wants_varshape = 1 ] && [ -x "$build/npp_varshape" ]; then
  # Appended to the NPP CSV (after the grid, or after the single npp_ops run).
  sizes_file=${CVJ_VARSHAPE_SIZES:-$here/../varshape-sizes.txt}
  echo "== run npp_varshape --sizes $sizes_file ${quick[*]}"
  if [ -n "${OUT:-}" ]; then
    "$build/npp_varshape" --sizes "$sizes_file" "${quick[@]}" | tee -a "$OUT/c_npp_ops.csv"
  else
    "$build/npp_varshape" --sizes "$sizes_file" "${quick[@]}"
  fi
  rc=${PIPESTATUS[0]}
  case $rc in 0) ;; 3) echo "RUN FAILED: npp_varshape: NPP refused the call (its row says nan)"; status=1 ;;
    *) echo "RUN FAILED: npp_varshape (exit $rc)"; status=1 ;; esac
fi
echo "== done (exit $status)"
exit $status
