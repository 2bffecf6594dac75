#!/usr/bin/env bash
# Runs the whole gpu test suite (from the .gpu/ bundle) under compute-sanitizer memcheck, racecheck, initcheck
# and synccheck, each tool's test classes split over several JVMs (memcheck, racecheck and synccheck all at once,
# then initcheck's one at a time, alone on the GPU); then prints one line per tool and "N passed, N failed" over
# the tools. About 2 minutes on one H100 (16 cores), well within one 10-minute call:
#
#   bash scripts/gpu-sanitize-all.sh                          # the gpu suite, four tools, 12 JVMs
#   bash scripts/gpu-sanitize-all.sh --class dev.cvj.cuda.StreamEventGpuTest --class dev.cvj.tensor.TensorGpuTest
#   CVJ_SANITIZER_TOOLS="memcheck initcheck" CVJ_SANITIZER_SHARDS=4 bash scripts/gpu-sanitize-all.sh
#   bash scripts/gpu-sanitize-all.sh --plan                   # list the classes and shards, run nothing
#
# A tool's line:
#   memcheck: 0 errors (98 expected API-error reports: cuFuncGetParamInfo 96, ...), tests 110 passed, 0 failed,
#     8 skipped, 3 shards, 312s
# The error count is the sum of the "ERROR SUMMARY: N errors" lines of the tool's logs (one per process, child
# JVMs included), less the CUDA API-error reports that scripts/sanitizer/allowed-api-errors.txt expects (API name
# and error code, each with its reason): every other report counts, an API error not on that list too. A tool
# passes with 0 errors, a summary line in every shard's log, no failed test, at least one passed test, and no
# shard timed out, and no more skipped tests than allowed: the multigpu tests on a machine with fewer than 2 GPUs
# (counted once by a launcher `discover`; GPUs by nvidia-smi -L) plus the tool's expected skips (--expect-skips).
# The shards run with -Dcvj.test.requireGpu=true (scripts/gpu-test.sh's default): no device is a failure, not a
# skip. Exit status: 0 when every tool passed, else 1.
#
# Which tests: those tagged gpu, not soak, not deliberate-fault (tests that fault a kernel on purpose, which
# memcheck reports by design: see dev.cvj.cuda.test.DeliberateFault), found by the JUnit launcher in the
# bundle's test jars, so new test classes join by themselves. The tests run in light mode
# (-Dcvj.test.underSanitizer=true, dev.cvj.cuda.test.SanitizerMode): heavy work shrinks, checks stay.
# Shards: the classes are dealt heaviest first to the lightest shard, by scripts/sanitizer/class-weights.txt
# (hints; a class not listed weighs 1 + tests / 4). Each JVM runs under its own compute-sanitizer; all share one
# unpacked JRE (read only) and the GPU.
#
# Options:
#   --class C[,C...]     only these classes (repeatable); --tag EXPR  another tag expression
#   --tools "T ..."      the tools (default: memcheck racecheck initcheck synccheck; or CVJ_SANITIZER_TOOLS)
#   --shards SPEC        JVMs per tool: N, or "memcheck=3 initcheck=4 ..." (default: memcheck=3 racecheck=3
#                        initcheck=4 synccheck=2; or CVJ_SANITIZER_SHARDS)
#   --timeout S          stop a shard after S seconds (default 480; CVJ_SANITIZER_TIMEOUT; 0 = none): its tool fails
#   --serial             one tool after another (each tool's shards still in parallel; CVJ_SANITIZER_PARALLEL=0)
#                        initcheck always runs last, one JVM at a time, alone on the GPU (CVJ_SANITIZER_EXCLUSIVE,
#                        default "initcheck": the tools that must; several initchecks at once report false errors)
#   --expect-skips SPEC  skips a tool has by design beyond the multigpu tests, "tool=N ..." (default "initcheck=2":
#                        CudaIpcPythonTest's two Python-to-Java tests do not run under initcheck; or
#                        CVJ_SANITIZER_EXPECTED_SKIPS)
#   --plan               print the classes and the shards, run nothing
#   -- ARGS              more JUnit launcher arguments for every shard
# Environment of scripts/gpu-test.sh applies too (CVJ_JRE_DIR, JAVA_OPTS, CVJ_SANITIZER_PRINT_LIMIT,
# CVJ_SANITIZER_BACKTRACE, CVJ_SANITIZER_PROCESSES, CVJ_SANITIZER_OPTS, CVJ_BUNDLE).
#
# Output: with $OUT set, $OUT/gpu-sanitize-all.log (this console output) and $OUT/sanitizer-logs.tar.gz (per shard:
# sanitizer.log, console.log, junit/*.xml, hs_err files if any; plus classes.txt and shards.txt): 2 files.
# Without $OUT they stay in /tmp/cvj-sanitize/. Needs bash, python3, timeout, tar, compute-sanitizer (PATH or
# /usr/local/cuda/bin) and the bundle (scripts/gpu-bundle.sh).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
san_py=$root/scripts/sanitizer/sanlog.py
allow=$root/scripts/sanitizer/allowed-api-errors.txt
weights=$root/scripts/sanitizer/class-weights.txt

tools=${CVJ_SANITIZER_TOOLS:-memcheck racecheck initcheck synccheck}
shard_spec=${CVJ_SANITIZER_SHARDS:-memcheck=3 racecheck=3 initcheck=4 synccheck=2}
timeout_s=${CVJ_SANITIZER_TIMEOUT:-480}
parallel=${CVJ_SANITIZER_PARALLEL:-1}
exclusive=${CVJ_SANITIZER_EXCLUSIVE:-initcheck}
expected_skips=${CVJ_SANITIZER_EXPECTED_SKIPS:-initcheck=2}
skip_py=$root/scripts/skipcheck.py
tags='gpu & !soak & !deliberate-fault'
classes=()
plan_only=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --class|--select-class) classes+=("$2"); shift ;;
    --class=*|--select-class=*) classes+=("${1#*=}") ;;
    --tag) tags=$2; shift ;;
    --tag=*) tags=${1#*=} ;;
    --tools) tools=$2; shift ;;
    --tools=*) tools=${1#*=} ;;
    --shards) shard_spec=$2; shift ;;
    --shards=*) shard_spec=${1#*=} ;;
    --timeout) timeout_s=$2; shift ;;
    --timeout=*) timeout_s=${1#*=} ;;
    --serial) parallel=0 ;;
    --expect-skips) expected_skips=$2; shift ;;
    --expect-skips=*) expected_skips=${1#*=} ;;
    --plan) plan_only=1 ;;
    -h|--help) sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "gpu-sanitize-all.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  exec > >(tee -a "$OUT/gpu-sanitize-all.log") 2>&1
  tee_pid=$!
  trap 'exec >&- 2>&-; wait "$tee_pid" 2>/dev/null' EXIT
fi
work=/tmp/cvj-sanitize
rm -rf "$work" && mkdir -p "$work"

echo "== cvj gpu-sanitize-all: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname) in $root"
echo "tools: $tools; shards: $shard_spec; per-shard timeout: ${timeout_s}s; tags: $tags"

fail_all() { # fail_all REASON: one line per tool, then the count, exit 1
  echo "gpu-sanitize-all: $1"
  for tool in $tools; do echo "$tool: not run"; done
  echo "0 passed, $(wc -w <<<"$tools") failed"
  exit 1
}

# ------------------------------------------------------------------ preflight
command -v python3 >/dev/null || fail_all "python3 not found (scripts/sanitizer/sanlog.py needs it)"
python3 "$san_py" check-allow "$allow" >/dev/null || fail_all "bad allow-list $allow"
cs=$(command -v compute-sanitizer || true)
[ -z "$cs" ] && [ -x /usr/local/cuda/bin/compute-sanitizer ] && cs=/usr/local/cuda/bin/compute-sanitizer
if [ -n "$cs" ]; then
  echo "compute-sanitizer: $cs ($("$cs" --version 2>/dev/null | grep -io 'version.*' | head -1))"
elif [ "$plan_only" = 0 ]; then
  fail_all "compute-sanitizer not found (not on PATH, not /usr/local/cuda/bin): run this on the GPU machine"
fi
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
else
  echo "nvidia-smi: not found (no GPU here? every test would skip, and a tool passes only when a test passed)"
fi
export CVJ_JRE_DIR=${CVJ_JRE_DIR:-/tmp/cvj-jre}
# One JRE for every JVM: unpacked once here, then only read.
CVJ_TEST_LOG=none bash "$root/scripts/gpu-test.sh" --jre-only >"$work/jre.log" 2>&1 \
  || { cat "$work/jre.log"; fail_all "the bundled JRE could not be prepared (scripts/gpu-bundle.sh?)"; }

# ------------------------------------------------------------------ classes and shards
sel=()
for c in "${classes[@]}"; do sel+=(--class "$c"); done
CVJ_TEST_LOG=none bash "$root/scripts/gpu-test.sh" --discover --details verbose --tag "$tags" "${sel[@]}" \
  >"$work/discover.txt" 2>&1
python3 "$san_py" classes "$work/discover.txt" >"$work/classes.txt"
n_classes=$(wc -l <"$work/classes.txt")
if [ "$n_classes" -eq 0 ]; then
  tail -20 "$work/discover.txt"
  fail_all "no test classes found (tags '$tags')"
fi
echo "$n_classes classes, $(awk '{s += $2} END {print s}' "$work/classes.txt") tests (parameterized ones counted once)"
# the skip allowance: the multigpu tests among these, when this machine has fewer than 2 GPUs
CVJ_TEST_LOG=none bash "$root/scripts/gpu-test.sh" --discover --details summary --tag "($tags) & multigpu" "${sel[@]}" \
  >"$work/discover-multigpu.txt" 2>&1
n_multigpu=$(python3 "$skip_py" found "$work/discover-multigpu.txt")
nvidia-smi -L >"$work/gpus.txt" 2>/dev/null
visible=()
[ -n "${CUDA_VISIBLE_DEVICES:-}" ] && visible=(--visible "$CUDA_VISIBLE_DEVICES")
n_gpus=$(python3 "$skip_py" gpus "$work/gpus.txt" "${visible[@]}")
echo "$n_multigpu multigpu tests, $n_gpus GPUs; expected skips beyond them: $expected_skips"

expected_of() { # expected_of TOOL -> the skips TOOL has by design (--expect-skips)
  local n=0 w
  for w in $expected_skips; do
    case "$w" in "$1"=*) n=${w#*=} ;; esac
  done
  echo "$n"
}
shards_of() { # shards_of TOOL -> the number of shards for TOOL
  local n=3 w
  for w in $shard_spec; do
    case "$w" in
      "$1"=*) n=${w#*=} ;;
      *=*) ;;
      *) n=$w ;;
    esac
  done
  echo "$n"
}
declare -A shard_classes  # "tool k" -> comma-separated classes
declare -A n_shards
: >"$work/shards.txt"
for tool in $tools; do
  k=0
  while read -r weight members; do
    k=$((k + 1))
    shard_classes["$tool $k"]=$members
    echo "$tool-$k weight $weight: ${members//,/ }" >>"$work/shards.txt"
  done < <(python3 "$san_py" shard --shards "$(shards_of "$tool")" --weights "$weights" "$work/classes.txt")
  n_shards[$tool]=$k
done
sed 's/dev\.cvj\.//g' "$work/shards.txt"
rm -f "$work/discover.txt"
[ "$plan_only" = 1 ] && exit 0

# ------------------------------------------------------------------ run
n_started=0
start_shard() { # start_shard TOOL K: in the background; writes rc, seconds under $work/TOOL-K
  local tool=$1 k=$2 dir=$work/$1-$2
  # each compute-sanitizer its own ports for talking to its processes (default base 49152, 10 connections)
  local opts="${CVJ_SANITIZER_OPTS:-} --port $((49152 + 16 * n_started))"
  n_started=$((n_started + 1))
  mkdir -p "$dir"
  (
    t0=$(date +%s)
    to=()
    [ "$timeout_s" -gt 0 ] && to=(timeout --kill-after=15 "$timeout_s")
    # a shard is a part of the suite: the skips are counted per tool below, not per shard
    OUT=$dir CVJ_TEST_LOG=none CVJ_SKIP_CHECK=0 CVJ_SANITIZER_LOG=$dir/sanitizer.log CVJ_SANITIZER_OPTS=$opts \
      "${to[@]}" bash "$root/scripts/gpu-test.sh" --sanitizer "$tool" --tag "$tags" \
      --class "${shard_classes[$tool $k]}" -- "${extra[@]}" >"$dir/console.log" 2>&1
    echo $? >"$dir/rc"
    echo $(( $(date +%s) - t0 )) >"$dir/seconds"
  ) &
  pids+=($!)
}
wait_for() { # wait_for TOOL...: until every shard of these tools wrote its rc; progress once a minute
  local t0 now last running tool k
  t0=$(date +%s)
  last=$t0
  while :; do
    running=()
    for tool in "$@"; do
      for ((k = 1; k <= n_shards[$tool]; k++)); do
        [ -f "$work/$tool-$k/rc" ] || running+=("$tool-$k")
      done
    done
    [ ${#running[@]} -eq 0 ] && break
    now=$(date +%s)
    if [ $((now - last)) -ge 60 ]; then
      echo "[$((now - t0))s] running: ${running[*]}"
      last=$now
    fi
    sleep 5
  done
}

t_start=$(date +%s)
pids=()
shared=(); alone=()
for tool in $tools; do
  if [[ " $exclusive " == *" $tool "* ]]; then alone+=("$tool"); else shared+=("$tool"); fi
done
if [ ${#shared[@]} -gt 0 ]; then
  if [ "$parallel" = 1 ]; then
    for tool in "${shared[@]}"; do
      for ((k = 1; k <= n_shards[$tool]; k++)); do start_shard "$tool" "$k"; done
    done
    echo "started $(find "$work" -mindepth 1 -maxdepth 1 -type d | wc -l) JVMs under compute-sanitizer"
    wait_for "${shared[@]}"
  else
    for tool in "${shared[@]}"; do
      for ((k = 1; k <= n_shards[$tool]; k++)); do start_shard "$tool" "$k"; done
      echo "started $tool: ${n_shards[$tool]} JVMs"
      wait_for "$tool"
    done
  fi
fi
# The exclusive tools (initcheck): one JVM at a time, alone on the GPU. Several initcheck processes at once on one
# GPU report uninitialized reads in every kernel and even fault (cudaErrorIllegalAddress), on this code and on the
# code before it, while the same stress runs clean unsanitized, under 4 memchecks at once and under one initcheck
# (docs/RELIABILITY.md, "initcheck needs the GPU to itself").
for tool in "${alone[@]}"; do
  for ((k = 1; k <= n_shards[$tool]; k++)); do
    start_shard "$tool" "$k"
    while [ ! -f "$work/$tool-$k/rc" ]; do sleep 2; done
  done
  echo "ran $tool: ${n_shards[$tool]} JVMs, one at a time"
done
wait "${pids[@]}"  # not a bare wait: that would wait for the log's tee too
echo "all shards done in $(( $(date +%s) - t_start ))s"

# ------------------------------------------------------------------ per shard, per tool
num() { sed -n "s/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}$/\\$2/p" "$1" | tail -1; }
declare -A summary
ok=0; bad=0
echo
echo "================================================================ shards"
for tool in $tools; do
  passed=0; failed=0; skipped=0; slowest=0; notes=(); logs=()
  for ((k = 1; k <= n_shards[$tool]; k++)); do
    dir=$work/$tool-$k
    rc=$(cat "$dir/rc" 2>/dev/null || echo 1)
    secs=$(cat "$dir/seconds" 2>/dev/null || echo 0)
    [ "$secs" -gt "$slowest" ] && slowest=$secs
    p=$(num "$dir/console.log" 1); f=$(num "$dir/console.log" 2); s=$(num "$dir/console.log" 4)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1})); skipped=$((skipped + ${s:-0}))
    logs+=("$dir/sanitizer.log")
    line=$(python3 "$san_py" classify --allow "$allow" "$dir/sanitizer.log")
    state="rc $rc"
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then state="TIMED OUT after ${timeout_s}s"; notes+=("$tool-$k timed out"); fi
    echo "$tool-$k: $line; tests ${p:-?} passed, ${f:-?} failed, ${s:-?} skipped; ${secs}s, $state"
    if [ "${f:-1}" != 0 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ]; } || [[ "$line" != "0 errors"* ]]; then
      # what went wrong, briefly: the failed tests and the end of the console
      { grep -E '(\[X\]|MethodSource|=> |Exception|Error:|^gpu-test: )' "$dir/console.log" | grep -v '^\s*at ' | head -12
        tail -4 "$dir/console.log"; } | cut -c1-240 | sed "s/^/    $tool-$k | /"
    fi
  done
  line=$(python3 "$san_py" classify --allow "$allow" "${logs[@]}")
  crc=$?
  note=""
  [ ${#notes[@]} -gt 0 ] && note=", $(IFS=,; echo "${notes[*]}" | sed 's/,/, /g')"
  why=()
  [ "$crc" -eq 1 ] && why+=("sanitizer errors")
  [ "$crc" -ge 2 ] && why+=("a log without its summary or counts that do not add up")
  [ "$failed" -gt 0 ] && why+=("failed tests")
  [ "$passed" -eq 0 ] && why+=("no test passed (no GPU?)")
  skips=$(python3 "$skip_py" check --skipped "$skipped" --multigpu "$n_multigpu" --gpus "$n_gpus" \
    --extra "$(expected_of "$tool")" --extra-why=--expect-skips --what "$tool")
  [ $? -eq 0 ] || { why+=("more tests skipped than allowed"); echo "$skips"; }
  [ ${#notes[@]} -gt 0 ] && why+=("a shard timed out")
  [ ${#why[@]} -gt 0 ] && note="$note; FAILED: $(IFS=,; echo "${why[*]}" | sed 's/,/, /g')"
  summary[$tool]="$tool: $line, tests $passed passed, $failed failed, $skipped skipped, ${n_shards[$tool]} shards, ${slowest}s$note"
  if [ ${#why[@]} -eq 0 ]; then
    ok=$((ok + 1))
  else
    bad=$((bad + 1))
  fi
done

if [ -n "${OUT:-}" ]; then
  tar -czf "$OUT/sanitizer-logs.tar.gz" -C "$work" . && where="logs: \$OUT/sanitizer-logs.tar.gz ($(du -h "$OUT/sanitizer-logs.tar.gz" | cut -f1))"
else
  where="logs: $work/<tool>-<k>/"
fi
echo
echo "================================================================ compute-sanitizer summary ($where)"
for tool in $tools; do echo "${summary[$tool]}"; done
echo "$ok passed, $bad failed"
[ "$bad" -eq 0 ]
