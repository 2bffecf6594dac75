#!/usr/bin/env bash
# The one benchmark command, for the GPU machine (no JDK needed: it runs the JRE of the .gpu bundle).
#
#   bash scripts/gpu-bench.sh            # everything, < 10 minutes on an H100
#   bash scripts/gpu-bench.sh --quick    # fewer sizes, shorter loops, < 4 minutes
#   bash scripts/gpu-bench.sh --only warp_affine,gaussian_7x7   # those operator rows (cvj and every peer), NPP's
#                                        # whole grid, no JMH; the report covers what ran
#   bash scripts/gpu-bench.sh --only brightness_contrast,adjust_,gamma_contrast,color_twist,erase,gaussian_noise,histogram,min_max_loc,rgb2,yuyv2rgb,hq_resize,pillow_resize,random_resized_crop,d2d
#                                        # the colour, photometric, statistics and training-resize rows
#   bash scripts/gpu-bench.sh --only jpeg    # the JPEG decode rows alone (every part names a jpeg row: the other
#                                        # steps are skipped)
#
# Steps, all on the same GPU in one run (the varshape rows of steps 1, 3 and 4 resize the images of the one sizes
# file bench/varshape-sizes.txt):
#   1. C peers (bench/c/build-and-run.sh --npp-grid): CUDA runtime overhead (static and shared cudart), NPP
#      over the batch x size grid, and NPP's advanced batch resize on images of different sizes (npp_varshape)
#   2. JMH CUDA-layer benchmarks, cvj and JCuda (dev.cvj.bench.cuda.CudaBenchMain)
#   3. cvj operators over the grid (dev.cvj.bench.ops.OpsBenchMain)
#   4. one image's pre-processing latency, eager and replayed as a CUDA graph, batches 1-8 and 16 threads
#      (dev.cvj.bench.ops.PreprocessLatencyGpuMain -> cvj_latency.csv; with --only, when a name holds "preprocess")
#   5. torchvision (CUDA) and OpenCV (CPU) (bench/python/torch_ops.py)
#   6. JPEG decode, alone and with the pre-processing to 224x224 NCHW F32, on 128 synthetic JPEGs per size: cvj
#      (dev.cvj.bench.codec.DecodeBenchGpuMain, which writes the files to $CVJ_BENCH_WORK/jpeg first), then
#      torchvision and OpenCV on the same files (bench/python/decode_peers.py), then the `cvj preprocess` command
#      timed whole on the 1920x1080 folder (bench/time-cli-preprocess.sh)
#   7. the report (dev.cvj.bench.report.BenchReport): markdown tables + PNG plots, printed last
#
# Output ($OUT, default ./bench-out): BENCHMARKS.generated.md, bench-results.tar.gz (every CSV, JMH JSON, the
# PNG plots, per-step logs), gpu-bench.log. Intermediate files go to $CVJ_BENCH_WORK (default
# /tmp/cvj-bench-run) so that $OUT holds only those three files.
# Environment: CVJ_BUNDLE (bundle folder, default .gpu), CVJ_JRE_DIR (default /tmp/cvj-jre),
# CVJ_BENCH_MAX_GB (skip grid combinations needing more GB, default 20), PYTHON (default python3).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=(); qflag=""; only=(); oflag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=(--quick); qflag=" --quick" ;;
    --only) [ $# -ge 2 ] || { echo "gpu-bench.sh: --only needs a comma-separated list of operator names" >&2; exit 2; }
            only=(--only "$2"); oflag=" --only $2"; shift ;;
    *) echo "gpu-bench.sh: unknown argument '$1' (--quick, --only LIST)" >&2; exit 2 ;;
  esac
  shift
done
gpu=${CVJ_BUNDLE:-$root/.gpu}
OUT=${OUT:-$root/bench-out}
work=${CVJ_BENCH_WORK:-/tmp/cvj-bench-run}
max_gb=${CVJ_BENCH_MAX_GB:-20}
python=${PYTHON:-python3}
mkdir -p "$OUT"
rm -rf "$work" && mkdir -p "$work/plots" "$work/logs"
exec > >(tee "$OUT/gpu-bench.log") 2>&1
t_start=$(date +%s)
step() { echo; echo "=================== $* (t=$(( $(date +%s) - t_start ))s)"; }
status=0

step "device"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>/dev/null || echo "nvidia-smi failed"
git -C "$root" log -1 --format='commit %h %s' 2>/dev/null || true
[ -f "$gpu/MANIFEST.txt" ] && head -5 "$gpu/MANIFEST.txt"

# ---------------------------------------------------------------- the bundled JRE
[ -f "$gpu/jre.tar.xz" ] || { echo "no $gpu/jre.tar.xz: run scripts/gpu-bundle.sh on a machine with a JDK"; exit 1; }
jre=${CVJ_JRE_DIR:-/tmp/cvj-jre}
if [ ! -x "$jre/bin/java" ] || ! cmp -s "$gpu/jre.stamp" "$jre/.cvj-jre.stamp"; then
  echo "unpacking $gpu/jre.tar.xz -> $jre"
  rm -rf "$jre.tmp" && mkdir -p "$jre.tmp" && tar -xJf "$gpu/jre.tar.xz" -C "$jre.tmp" || { echo "could not unpack the JRE"; exit 1; }
  cp "$gpu/jre.stamp" "$jre.tmp/.cvj-jre.stamp" 2>/dev/null || true
  rm -rf "$jre" && mv "$jre.tmp" "$jre"
fi
java=("$jre/bin/java" --enable-native-access=ALL-UNNAMED -cp "$gpu/lib/*")

# run NAME SECONDS CMD...: one step under a time limit; its output to the log and logs/NAME.log
run() {
  local name=$1 limit=$2; shift 2
  step "$name: $*"
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee "$work/logs/$name.log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    echo "STEP FAILED: $name (exit $rc$([ "$rc" = 124 ] && echo ", over its ${limit}s limit"))"
    status=1
  fi
}

if [ ${#quick[@]} -gt 0 ]; then lim_c=60; lim_jmh=110; lim_ops=60; lim_lat=60; lim_py=70; lim_jpeg=90; else lim_c=90; lim_jmh=300; lim_ops=200; lim_lat=120; lim_py=220; lim_jpeg=150; fi

# only_matches ROW...: true without --only, or when a part of the --only list is in one of the ROW names
only_matches() {
  [ ${#only[@]} -eq 0 ] && return 0
  local part row
  IFS=, read -ra parts <<< "${only[1]}"
  for part in "${parts[@]}"; do
    for row in "$@"; do
      [ -n "$part" ] && [[ "$row" == *"$part"* ]] && return 0
    done
  done
  return 1
}
# Only JPEG rows asked for (every part of the list contains "jpeg": no other row's name does): the other steps go.
jpeg_only=0
if [ ${#only[@]} -gt 0 ]; then
  jpeg_only=1
  IFS=, read -ra parts <<< "${only[1]}"
  for part in "${parts[@]}"; do [[ "$part" == *jpeg* ]] || jpeg_only=0; done
fi

if [ "$jpeg_only" = 1 ]; then
  echo "--only ${only[1]}: JPEG rows only; the C, JMH, operator and torch_ops steps are skipped"
elif [ ${#only[@]} -gt 0 ]; then
  run c-peers "$lim_c" env OUT="$work" CVJ_BENCH_MAX_GB="$max_gb" bash bench/c/build-and-run.sh --only npp --npp-grid "${quick[@]}"
else
  run c-peers "$lim_c" env OUT="$work" CVJ_BENCH_MAX_GB="$max_gb" bash bench/c/build-and-run.sh --npp-grid "${quick[@]}"
  run jmh "$lim_jmh" "${java[@]}" -Xmx1g dev.cvj.bench.cuda.CudaBenchMain "$work/jmh.json" "${quick[@]}"
fi
if [ "$jpeg_only" = 0 ]; then
  run cvj-ops "$lim_ops" "${java[@]}" -Xmx2g dev.cvj.bench.ops.OpsBenchMain --out "$work/cvj_ops.csv" --max-gb "$max_gb" \
    --varshape-sizes bench/varshape-sizes.txt "${quick[@]}" "${only[@]}"
  if only_matches preprocess; then
    run cvj-latency "$lim_lat" "${java[@]}" -Xmx1g dev.cvj.bench.ops.PreprocessLatencyGpuMain --out "$work/cvj_latency.csv" \
      "${quick[@]}"
  fi
  run torch "$lim_py" env PYTHONUNBUFFERED=1 "$python" bench/python/torch_ops.py --out "$work/torch_ops.csv" --max-gb "$max_gb" \
    --varshape-sizes bench/varshape-sizes.txt "${quick[@]}" "${only[@]}"
fi
if only_matches jpeg_decode jpeg_pipeline jpeg_preprocess_cli; then
  run cvj-decode "$lim_jpeg" "${java[@]}" -Xmx4g dev.cvj.bench.codec.DecodeBenchGpuMain --out "$work/cvj_decode.csv" \
    --work "$work" "${quick[@]}" "${only[@]}"
  run decode-peers "$lim_jpeg" env PYTHONUNBUFFERED=1 "$python" bench/python/decode_peers.py --images "$work/jpeg" \
    --out "$work/decode_peers.csv" "${quick[@]}" "${only[@]}"
  if only_matches jpeg_preprocess_cli; then
    run cvj-cli-preprocess 60 bash bench/time-cli-preprocess.sh "$work/jpeg/1920x1080" 1920x1080 "$work/cvj_decode.csv" \
      "${java[@]}" -Xmx4g
  fi
  rm -rf "$work/jpeg" # the files are the generator's output, not results: kept out of the tarball
fi

step "report"
cmd="bash scripts/gpu-bench.sh$qflag$oflag"
"${java[@]}" dev.cvj.bench.report.BenchReport "$work" "$OUT/BENCHMARKS.generated.md" "$work/plots" "$cmd" > "$work/logs/report.log" 2>&1 \
  || { echo "REPORT FAILED:"; cat "$work/logs/report.log"; status=1; }
cp "$OUT/BENCHMARKS.generated.md" "$work/" 2>/dev/null || true
tar -czf "$OUT/bench-results.tar.gz" -C "$work" . && echo "packed $(tar -tzf "$OUT/bench-results.tar.gz" | grep -vc '/$') files into $OUT/bench-results.tar.gz ($(du -h "$OUT/bench-results.tar.gz" | cut -f1))"
echo "total $(( $(date +%s) - t_start ))s, exit $status"
echo
[ -f "$OUT/BENCHMARKS.generated.md" ] && cat "$OUT/BENCHMARKS.generated.md"
exit $status
