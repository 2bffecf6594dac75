#!/usr/bin/env bash
# Runs the bundled tests (scripts/gpu-test.sh) under each compute-sanitizer tool in turn, then prints one
# line per tool: "memcheck: 0 errors". Slow: every tool re-runs the whole selection inside a JVM; racecheck
# and initcheck are the slowest. Give a narrower selection to keep it short, e.g.
#
#   bash scripts/gpu-sanitize-all.sh                         # gpu-tagged tests, all four tools
#   bash scripts/gpu-sanitize-all.sh --class dev.cvj.cuda.StreamTest
#   CVJ_SANITIZER_TOOLS="memcheck racecheck" bash scripts/gpu-sanitize-all.sh
#   CVJ_SANITIZER_PARALLEL=1 CVJ_SANITIZER_TIMEOUT=500 bash scripts/gpu-sanitize-all.sh \
#       --class dev.cvj.cuda.StreamEventGpuTest -- --select-class=dev.cvj.tensor.TensorGpuTest
#
# CVJ_SANITIZER_PARALLEL=1 runs the four tools at once (one JVM each, each with its own JRE copy; the GPU is
# shared, which the tools allow): the wall time is that of the slowest tool instead of the sum, which is
# what fits a 10-minute call. Each tool's console output is appended to the log when all are done.
# CVJ_SANITIZER_TIMEOUT=S stops a tool after S seconds (its line then says "timed out"; it fails).
# More classes: after "--", as launcher options (--select-class=... repeated).
#
# Arguments are passed to gpu-test.sh (except --sanitizer). With $OUT set, it writes
# $OUT/sanitizer-<tool>.log (the sanitizer's reports) and $OUT/gpu-sanitize-all.log (the console output of
# all runs): 5 files, within what comes back from the GPU machine. No JUnit XML reports.
# The error count per tool is the sum of the "ERROR SUMMARY: N errors" lines in its log (one per CUDA
# process; racecheck's "RACECHECK SUMMARY: ... (N errors, ...)" where there is no ERROR SUMMARY line).
# The last line is "N passed, N failed" over the tools (a tool passes with 0 errors and no test failure).
# Exit status: 0 when every tool ran clean, else 1.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools=${CVJ_SANITIZER_TOOLS:-memcheck racecheck initcheck synccheck}
san_dir=${OUT:-/tmp/cvj-gpu-test}
mkdir -p "$san_dir"
if [ -n "${OUT:-}" ]; then
  exec > >(tee -a "$OUT/gpu-sanitize-all.log") 2>&1
  tee_pid=$!
  trap 'exec >&- 2>&-; wait "$tee_pid" 2>/dev/null' EXIT
fi

count_errors() { # count_errors LOG -> total errors, or "?" when the log has no summary line
  local log=$1 n
  [ -f "$log" ] || { echo "?"; return; }
  n=$(grep -hoE 'ERROR SUMMARY: [0-9]+ error' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {if (NR) print s}')
  if [ -z "$n" ]; then
    n=$(grep -hoE 'RACECHECK SUMMARY:.*\(([0-9]+) error' "$log" | grep -oE '\([0-9]+' | tr -d '(' \
        | awk '{s+=$1} END {if (NR) print s}')
  fi
  echo "${n:-?}"
}

declare -A summary
ok=0; bad=0
timeout_s=${CVJ_SANITIZER_TIMEOUT:-0}
run_tool() { # run_tool TOOL: runs gpu-test.sh under the tool; prints its exit status last
  local tool=$1
  shift
  if [ "$timeout_s" -gt 0 ]; then
    CVJ_TEST_LOG=none CVJ_TEST_REPORTS=0 CVJ_JRE_DIR=${jre_base}-$tool timeout --kill-after=10 "$timeout_s" \
      bash "$root/scripts/gpu-test.sh" --sanitizer "$tool" --details summary "$@"
  else
    CVJ_TEST_LOG=none CVJ_TEST_REPORTS=0 CVJ_JRE_DIR=${jre_base}-$tool \
      bash "$root/scripts/gpu-test.sh" --sanitizer "$tool" --details summary "$@"
  fi
}
record() { # record TOOL RC SECONDS
  local tool=$1 rc=$2 secs=$3 errs note=""
  errs=$(count_errors "$san_dir/sanitizer-$tool.log")
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then note=" (timed out after ${timeout_s}s)"
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ]; then note=" (tests exit status $rc)"; fi
  summary[$tool]="$tool: $errs errors$note, ${secs}s, log $san_dir/sanitizer-$tool.log"
  if [ "$errs" = 0 ] && [ "$rc" -eq 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
}
jre_base=${CVJ_JRE_DIR:-/tmp/cvj-jre}
if [ "${CVJ_SANITIZER_PARALLEL:-0}" = 1 ]; then
  declare -A pids starts
  tmp=$(mktemp -d)
  for tool in $tools; do
    starts[$tool]=$(date +%s)
    ( run_tool "$tool" "$@" >"$tmp/$tool.out" 2>&1; echo $? >"$tmp/$tool.rc"; date +%s >"$tmp/$tool.end" ) &
    pids[$tool]=$!
    echo "compute-sanitizer --tool $tool started (pid ${pids[$tool]})"
  done
  for tool in $tools; do wait "${pids[$tool]}"; done
  for tool in $tools; do
    echo
    echo "================================================================ compute-sanitizer --tool $tool"
    cat "$tmp/$tool.out"
    record "$tool" "$(cat "$tmp/$tool.rc" 2>/dev/null || echo 1)" $(( $(cat "$tmp/$tool.end") - ${starts[$tool]} ))
  done
  rm -rf "$tmp"
else
  for tool in $tools; do
    echo
    echo "================================================================ compute-sanitizer --tool $tool"
    start=$(date +%s)
    run_tool "$tool" "$@"
    rc=$?
    record "$tool" "$rc" $(( $(date +%s) - start ))
  done
fi

echo
echo "================================================================ compute-sanitizer summary"
for tool in $tools; do echo "${summary[$tool]}"; done
echo "$ok passed, $bad failed"
[ "$bad" -eq 0 ]
