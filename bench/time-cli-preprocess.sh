#!/usr/bin/env bash
# Times the `cvj preprocess` command whole on a folder of JPEGs and appends its row to a benchmark CSV.
#
#   bash bench/time-cli-preprocess.sh DIR WxH CSV JAVA [JAVA ARGS...]
#
# JAVA ...: how to start a JVM with cvj on its class path (scripts/gpu-bench.sh passes the bundle's JRE and lib/*);
# dev.cvj.cli.Cvj is run from it, as bin/cvj would. The command runs twice on DIR (to 224x224, no crop, ImageNet
# mean/std, NCHW F32, one .npy); the first warms the page cache and is not counted. The second is timed on the wall
# clock: the JVM's start, listing and reading the files, decoding, pre-processing and writing the .npy. Row:
#   cvj_cli,jpeg_preprocess_cli,<images>,WxH,<ms>,,,,,
# and a comment line with the command's own summary line (its img/s is timed from opening the decoder, nvJPEG's set-up
# included, to the written .npy: without the JVM's start and the listing).
set -uo pipefail
[ $# -ge 4 ] || { echo "usage: time-cli-preprocess.sh DIR WxH CSV JAVA [JAVA ARGS...]" >&2; exit 2; }
dir=$1 size=$2 csv=$3; shift 3
images=$(find "$dir" -maxdepth 1 -name '*.jpg' | wc -l)
[ "$images" -gt 0 ] || { echo "time-cli-preprocess.sh: no .jpg in $dir" >&2; exit 1; }
npy=$(mktemp -d)/preprocess.npy
cmd=("$@" dev.cvj.cli.Cvj preprocess "$dir" --size 224 --crop none --mean 0.485,0.456,0.406 --std 0.229,0.224,0.225
     --layout NCHW --dtype f32 --batch 128 -q --out "$npy")
"${cmd[@]}" > /dev/null || { echo "time-cli-preprocess.sh: the warm-up run failed: ${cmd[*]}" >&2; exit 1; }
t0=$(date +%s%N)
summary=$("${cmd[@]}" | tail -1) || { echo "time-cli-preprocess.sh: the timed run failed: ${cmd[*]}" >&2; exit 1; }
t1=$(date +%s%N)
ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e6 }')
echo "$summary"
echo "cvj preprocess: $images images in $ms ms, whole command"
{
  echo "# cvj preprocess (its own summary): $summary"
  echo "cvj_cli,jpeg_preprocess_cli,$images,$size,$ms,,,,,"
} >> "$csv"
rm -rf "$(dirname "$npy")"
