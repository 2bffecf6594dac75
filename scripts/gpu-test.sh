#!/usr/bin/env bash
# Runs cvj's JUnit tests from the .gpu/ bundle (see scripts/gpu-bundle.sh) on a machine with a GPU and
# no JDK. Run from the repo root (or anywhere: it finds the root from its own path).
#
#   bash scripts/gpu-test.sh                       # tests tagged gpu, not soak (the default)
#   bash scripts/gpu-test.sh --all                 # every test except those tagged soak
#   bash scripts/gpu-test.sh --tag 'gpu & !slow'   # a JUnit tag expression
#   bash scripts/gpu-test.sh --class dev.cvj.cuda.StreamTest        # one class (no tag filter)
#   bash scripts/gpu-test.sh --class A --class B,C  # several classes (repeat --class, or a comma-separated list)
#   bash scripts/gpu-test.sh --method 'dev.cvj.cuda.StreamTest#syncs'
#   bash scripts/gpu-test.sh --sanitizer memcheck  # under compute-sanitizer (slow: see below)
#   bash scripts/gpu-test.sh --details summary     # launcher output: tree (default), summary, flat, verbose, testfeed
#   bash scripts/gpu-test.sh --discover --details verbose   # list the selected tests (unique ids, tags); runs none
#   bash scripts/gpu-test.sh --jre-only            # unpack the bundled JRE (if needed) and stop
#   bash scripts/gpu-test.sh --allow-skips 2       # 2 more skips than the multigpu tests (see "Skips" below)
#   bash scripts/gpu-test.sh -- --config=junit.jupiter.execution.parallel.enabled=false   # extra launcher args
#
# Environment: CVJ_TESTS=gpu|all|<tag expr> (same as --tag/--all), CVJ_TEST_CLASS (same as --class),
#   JAVA_OPTS (extra JVM options), OUT (if set: $OUT/gpu-test.log, $OUT/junit/*.xml, $OUT/sanitizer-*.log),
#   CVJ_TEST_LOG (log file name under $OUT, default gpu-test.log; 'none' for no log),
#   CVJ_TEST_REPORTS=0 (no JUnit XML reports), CVJ_JRE_DIR (default /tmp/cvj-jre),
#   CVJ_REQUIRE_GPU=0 (same as --no-require-gpu), CVJ_SKIP_CHECK=0 (same as --no-skip-check),
#   CVJ_ALLOW_SKIPS=N (same as --allow-skips N).
#   With --sanitizer: CVJ_SANITIZER_LOG (the sanitizer's log file; default $OUT/sanitizer-<tool>.log),
#   CVJ_SANITIZER_PRINT_LIMIT (reports printed before the tool stops printing; default 10000, 0 = no limit),
#   CVJ_SANITIZER_BACKTRACE (--show-backtrace: device (default: host frames of a JVM are anonymous JIT code), yes,
#   host, no), CVJ_SANITIZER_PROCESSES (--target-processes-filter: default 'java', i.e. the test JVM and its child
#   JVMs but not the Python processes of CudaIpcPythonTest (PyTorch/CuPy code, not cvj's); 'all' tracks every
#   child), CVJ_SANITIZER_OPTS (more compute-sanitizer options, split on spaces).
#
# A GPU suite that cannot pass by skipping: the JVM gets -Dcvj.test.requireGpu=true (dev.cvj.cuda.test.RequiresGpu),
# so a test that needs a device fails, with the driver's reason, where no device can be used (a driver or CUDA
# library that fails to load); --no-require-gpu leaves it out. Skips: after the run, the tests tagged multigpu
# among the selected ones are counted (a launcher `discover`, a few seconds) and the GPUs with nvidia-smi -L
# (capped by CUDA_VISIBLE_DEVICES); on a machine with fewer than 2 GPUs those may skip, on one with 2 or more
# none may; --allow-skips N allows N more. More skips fail the run (exit 3) with the line
# "gpu-test: FAILED: N tests skipped, at most M may (...)". scripts/skipcheck.py decides. The check is off with
# --no-skip-check, with --all (CPU tests that need a machine without a driver skip on a GPU machine) and under
# gpu-sanitize-all.sh's shards (it counts skips per tool itself).
#
# The last line printed is "N passed, N failed, N skipped" (tests successful / failed, tests skipped +
# aborted, a skipped class's tests included; container failures, e.g. a failing @BeforeAll or a class-level GPU
# test without a device under requireGpu, count as failed). If the launcher printed no summary (JVM crash,
# sanitizer abort) it prints "0 passed, 1 failed". Exit status: 0 when nothing failed, 1 when a test failed,
# 3 when more tests skipped than allowed, 99 when compute-sanitizer found errors, else the JVM's own non-zero
# status.
#
# compute-sanitizer and the JVM: it works (--target-processes all follows the JVM and its child JVMs), but the
# JVM is multi-threaded and JIT-compiles, so runs are much slower (minutes; memcheck ~10-100x on kernels,
# racecheck the slowest). Only CUDA API calls and kernels are checked; JVM heap bugs are not its job.
# --sanitizer also sets -Dcvj.test.underSanitizer=true and -Dcvj.test.sanitizer=<tool> for the JVM: the tests'
# light mode (dev.cvj.cuda.test.SanitizerMode). memcheck runs with --report-api-errors explicit: the API calls
# cvj makes report their failures, the runtime's internal calls do not. For the whole suite under all four tools,
# sharded and in parallel, use scripts/gpu-sanitize-all.sh.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
gpu=${CVJ_BUNDLE:-$root/.gpu}  # CVJ_BUNDLE: another bundle folder (e.g. a carried .stage-NAME)

tests=${CVJ_TESTS:-gpu}
classes=()
[ -n "${CVJ_TEST_CLASS:-}" ] && classes+=("$CVJ_TEST_CLASS")
select_method=""
sanitizer=""
details=tree
command=execute
jre_only=0
require_gpu=${CVJ_REQUIRE_GPU:-1}
skip_check=${CVJ_SKIP_CHECK:-1}
allow_skips=${CVJ_ALLOW_SKIPS:-0}
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --all) tests=all ;;
    --gpu) tests=gpu ;;
    --tag) tests=$2; shift ;;
    --tag=*) tests=${1#*=} ;;
    --class|--select-class) classes+=("$2"); shift ;;
    --class=*|--select-class=*) classes+=("${1#*=}") ;;
    --method|--select-method) select_method=$2; shift ;;
    --method=*|--select-method=*) select_method=${1#*=} ;;
    --sanitizer) sanitizer=$2; shift ;;
    --sanitizer=*) sanitizer=${1#*=} ;;
    --details) details=$2; shift ;;
    --details=*) details=${1#*=} ;;
    --discover) command=discover ;;
    --jre-only) jre_only=1 ;;
    --no-require-gpu) require_gpu=0 ;;
    --no-skip-check) skip_check=0 ;;
    --allow-skips) allow_skips=$2; shift ;;
    --allow-skips=*) allow_skips=${1#*=} ;;
    -h|--help) sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "gpu-test.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ------------------------------------------------------------------ log everything when $OUT is set
log_name=${CVJ_TEST_LOG:-gpu-test.log}
if [ -n "${OUT:-}" ] && [ "$log_name" != none ]; then
  mkdir -p "$OUT"
  exec > >(tee -a "$OUT/$log_name") 2>&1
  tee_pid=$!
  # Let tee write the last lines before the script's exit is seen.
  trap 'exec >&- 2>&-; wait "$tee_pid" 2>/dev/null' EXIT
fi

echo "== cvj gpu-test: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname) in $root"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi failed (rc $?)"
else
  echo "nvidia-smi: not found (no NVIDIA driver here?)"
fi

fail_no_summary() { echo "gpu-test: $*"; echo "0 passed, 1 failed"; exit "${2:-1}"; }

# ------------------------------------------------------------------ the bundled JRE
[ -f "$gpu/jre.tar.xz" ] || fail_no_summary "no .gpu/jre.tar.xz: run scripts/gpu-bundle.sh on a machine with a JDK first"
jre=${CVJ_JRE_DIR:-/tmp/cvj-jre}
if [ ! -x "$jre/bin/java" ] || ! cmp -s "$gpu/jre.stamp" "$jre/.cvj-jre.stamp"; then
  echo "unpacking .gpu/jre.tar.xz -> $jre"
  rm -rf "$jre.tmp" && mkdir -p "$jre.tmp" && tar -xJf "$gpu/jre.tar.xz" -C "$jre.tmp" \
    || fail_no_summary "could not unpack .gpu/jre.tar.xz"
  cp "$gpu/jre.stamp" "$jre.tmp/.cvj-jre.stamp" 2>/dev/null || true
  rm -rf "$jre" && mv "$jre.tmp" "$jre"
fi
JAVA=$jre/bin/java
"$JAVA" -version 2>&1 | head -1
[ "$jre_only" = 1 ] && exit 0

console=$(ls "$gpu"/junit-platform-console-standalone-*.jar 2>/dev/null | head -1)
[ -n "$console" ] || fail_no_summary "no JUnit console launcher in .gpu/"
shopt -s nullglob
jars=("$gpu"/lib/*.jar)
test_jars=("$gpu"/lib/*-tests.jar)
shopt -u nullglob
[ ${#test_jars[@]} -gt 0 ] || fail_no_summary "no *-tests.jar in .gpu/lib"
cp_all=$(IFS=:; echo "${jars[*]}")
scan=$(IFS=:; echo "${test_jars[*]}")
[ -f "$gpu/MANIFEST.txt" ] && head -1 "$gpu/MANIFEST.txt"

# ------------------------------------------------------------------ launcher arguments
# --details=none prints no summary when all passed, and the counts come from the summary.
[ "$details" = none ] && details=summary
common=(--disable-banner --details-theme=ascii --disable-ansi-colors --include-engine=junit-jupiter
        --class-path="$cp_all")
select_classes=()
for c in "${classes[@]}"; do
  IFS=, read -ra parts <<<"$c"
  for p in "${parts[@]}"; do [ -n "$p" ] && select_classes+=("$p"); done
done
selection=()   # which tests: selectors, then tag filters (include_tag: the one include expression, if any)
include_tag=""
exclude_soak=0
if [ ${#select_classes[@]} -gt 0 ] || [ -n "$select_method" ]; then
  for c in "${select_classes[@]}"; do selection+=(--select-class="$c"); done
  [ -n "$select_method" ] && selection+=(--select-method="$select_method")
  # an explicit --tag still filters; the default 'gpu' does not apply to an explicit selection
  if [ "$tests" != gpu ] && [ "$tests" != all ]; then include_tag=$tests; fi
else
  selection+=(--scan-class-path="$scan")
  case "$tests" in
    all) exclude_soak=1 ;;
    *soak*) include_tag=$tests ;;   # asked for soak tests explicitly
    *) include_tag=$tests; exclude_soak=1 ;;   # soak is excluded as in the Maven build
  esac
fi
[ "$exclude_soak" = 1 ] && selection+=(--exclude-tag=soak)
args=("$command" "${common[@]}" --details="$details" "${selection[@]}")
[ -n "$include_tag" ] && args+=(--include-tag="$include_tag")
[ "$tests" = all ] && skip_check=0
[ "$command" = execute ] || skip_check=0
if [ -n "${OUT:-}" ] && [ "${CVJ_TEST_REPORTS:-1}" != 0 ] && [ "$command" = execute ]; then
  mkdir -p "$OUT/junit"
  args+=(--reports-dir="$OUT/junit")
fi
args+=("${extra[@]}")

jvm=(--enable-native-access=ALL-UNNAMED -Xss2m -Djava.awt.headless=true)
# A JVM crash (e.g. a bad pointer handed to native code) leaves its hs_err file where it comes back.
[ -n "${OUT:-}" ] && jvm+=("-XX:ErrorFile=$OUT/hs_err_pid%p.log")
[ -n "$sanitizer" ] && jvm+=(-Dcvj.test.underSanitizer=true "-Dcvj.test.sanitizer=$sanitizer")
[ "$require_gpu" = 1 ] && jvm+=(-Dcvj.test.requireGpu=true)
# shellcheck disable=SC2206
[ -n "${JAVA_OPTS:-}" ] && jvm+=($JAVA_OPTS)

cmd=("$JAVA" "${jvm[@]}" -jar "$console" "${args[@]}")
if [ "$command" = discover ]; then
  "${cmd[@]}"
  exit $?
fi
if [ -n "$sanitizer" ]; then
  cs=$(command -v compute-sanitizer || true)
  [ -z "$cs" ] && [ -x /usr/local/cuda/bin/compute-sanitizer ] && cs=/usr/local/cuda/bin/compute-sanitizer
  [ -n "$cs" ] || fail_no_summary "--sanitizer $sanitizer: compute-sanitizer not found (not on PATH, not /usr/local/cuda/bin)"
  san_dir=${OUT:-/tmp/cvj-gpu-test}
  san_log=${CVJ_SANITIZER_LOG:-$san_dir/sanitizer-$sanitizer.log}
  mkdir -p "$(dirname "$san_log")"
  rm -f "$san_log"
  san=("$cs" --tool "$sanitizer" --target-processes all --error-exitcode 99 --log-file "$san_log"
       --print-limit "${CVJ_SANITIZER_PRINT_LIMIT:-10000}" --show-backtrace "${CVJ_SANITIZER_BACKTRACE:-device}")
  processes=${CVJ_SANITIZER_PROCESSES:-java}
  [ "$processes" != all ] && san+=(--target-processes-filter "$processes")
  [ "$sanitizer" = memcheck ] && san+=(--report-api-errors explicit)
  # shellcheck disable=SC2206
  [ -n "${CVJ_SANITIZER_OPTS:-}" ] && san+=($CVJ_SANITIZER_OPTS)
  cmd=("${san[@]}" "${cmd[@]}")
  echo "compute-sanitizer: --tool $sanitizer, log $san_log (slow under a JVM: be patient)"
fi

echo "+ ${cmd[*]}" | sed "s#$cp_all#<.gpu/lib/*.jar>#; s#$scan#<.gpu/lib/*-tests.jar>#"
# Launcher output is captured to count the summary; the console still sees it as it comes.
launcher_out=$(mktemp)
"${cmd[@]}" 2>&1 | tee "$launcher_out"
rc=${PIPESTATUS[0]}

# ------------------------------------------------------------------ summary
num() { # num "tests successful" -> the number in the launcher's "[   N tests successful ]" line
  sed -n "s/^\[ *\([0-9][0-9]*\) $1 *\].*/\1/p" "$launcher_out" | tail -1
}
passed=$(num "tests successful"); failed=$(num "tests failed")
skipped=$(num "tests skipped"); aborted=$(num "tests aborted")
cfailed=$(num "containers failed"); cskipped=$(num "containers skipped")
rm -f "$launcher_out"

if [ -n "$sanitizer" ] && [ -f "$san_log" ]; then
  echo "compute-sanitizer $sanitizer: $(grep -h 'ERROR SUMMARY' "$san_log" | tail -3 | tr '\n' ' ')"
fi
echo "launcher exit status: $rc"
if [ -z "$passed" ] || [ -z "$failed" ]; then
  echo "gpu-test: the launcher printed no summary (crashed? see above)"
  echo "0 passed, 1 failed"
  [ "$rc" -ne 0 ] && exit "$rc"
  exit 1
fi
failed_all=$(( failed + ${cfailed:-0} ))
echo "containers: ${cskipped:-0} skipped, ${cfailed:-0} failed (a skipped class's tests count as skipped tests)"
skips_ok=1
if [ "$skip_check" = 1 ]; then
  # the multigpu tests of this selection: the same selectors, their tag filter AND multigpu
  mg_tag=multigpu
  [ -n "$include_tag" ] && mg_tag="($include_tag) & multigpu"
  command -v python3 >/dev/null || { echo "gpu-test: FAILED: python3 not found: the skips cannot be counted (--no-skip-check runs without)"; echo "$passed passed, $failed_all failed, $(( ${skipped:-0} + ${aborted:-0} )) skipped"; exit 3; }
  found_out=$(mktemp); smi_out=$(mktemp)
  "$JAVA" "${jvm[@]}" -jar "$console" discover "${common[@]}" --details=summary "${selection[@]}" \
    --include-tag="$mg_tag" "${extra[@]}" >"$found_out" 2>&1
  nvidia-smi -L >"$smi_out" 2>/dev/null
  visible=()
  [ -n "${CUDA_VISIBLE_DEVICES:-}" ] && visible=(--visible "$CUDA_VISIBLE_DEVICES")
  multigpu=$(python3 "$root/scripts/skipcheck.py" found "$found_out")
  ngpus=$(python3 "$root/scripts/skipcheck.py" gpus "$smi_out" "${visible[@]}")
  rm -f "$found_out" "$smi_out"
  python3 "$root/scripts/skipcheck.py" check --skipped $(( ${skipped:-0} + ${aborted:-0} )) \
    --multigpu "${multigpu:-0}" --gpus "${ngpus:-0}" --extra "$allow_skips" || skips_ok=0
else
  echo "gpu-test: skip check off"
fi
echo "$passed passed, $failed_all failed, $(( ${skipped:-0} + ${aborted:-0} )) skipped"
if [ "$failed_all" -gt 0 ]; then exit 1; fi
if [ "$skips_ok" = 0 ]; then exit 3; fi
if [ "$rc" -ne 0 ]; then exit "$rc"; fi   # 99: sanitizer errors; 2: --fail-if-no-tests; a crash
exit 0
