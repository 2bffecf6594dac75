#!/usr/bin/env bash
# Runs the bundled tests (scripts/gpu-test.sh) under each compute-sanitizer tool in turn, then prints one
# line per tool: "memcheck: 0 errors". Slow: every tool re-runs the whole selection inside a JVM; racecheck
# and initcheck are the slowest. Give a narrower selection to keep it short, e.g.
#
#   bash scripts/gpu-sanitize-all.sh                         # gpu-tagged tests, all four tools
#   bash scripts/gpu-sanitize-all.sh --class dev.cvj.cuda.StreamTest
#   CVJ_SANITIZER_TOOLS="memcheck racecheck" bash scripts/gpu-sanitize-all.sh
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
for tool in $tools; do
  echo
  echo "================================================================ compute-sanitizer --tool $tool"
  start=$(date +%s)
  CVJ_TEST_LOG=none CVJ_TEST_REPORTS=0 bash "$root/scripts/gpu-test.sh" --sanitizer "$tool" --details summary "$@"
  rc=$?
  secs=$(( $(date +%s) - start ))
  errs=$(count_errors "$san_dir/sanitizer-$tool.log")
  note=""
  [ "$rc" -ne 0 ] && [ "$rc" -ne 99 ] && note=" (tests exit status $rc)"
  summary[$tool]="$tool: $errs errors$note, ${secs}s, log $san_dir/sanitizer-$tool.log"
  if [ "$errs" = 0 ] && [ "$rc" -eq 0 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
done

echo
echo "================================================================ compute-sanitizer summary"
for tool in $tools; do echo "${summary[$tool]}"; done
echo "$ok passed, $bad failed"
[ "$bad" -eq 0 ]
