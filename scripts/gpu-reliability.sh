#!/usr/bin/env bash
# The reliability runs of docs/RELIABILITY.md on a GPU machine, from the .gpu/ bundle (scripts/gpu-bundle.sh):
#   1. the reliability GPU tests (fuzz on device tensors, faults, cleaner, sticky error, short soak and stress)
#   2. the leak soak (dev.cvj.reliability.SoakMain): CYCLES cycles, at most SOAK_S seconds
#   3. the concurrency stress (dev.cvj.reliability.StressMain): STRESS_MIN minutes, 16 threads + 2 pairs
#
#   bash scripts/gpu-reliability.sh                       # 10^6 cycles (<= 170 s), 3 minutes of stress
#   CYCLES=2000000 SOAK_S=600 STRESS_MIN=10 bash scripts/gpu-reliability.sh
#   SKIP_TESTS=1 bash scripts/gpu-reliability.sh          # only the soak and the stress
#
# The tests run through scripts/gpu-test.sh, so with its defaults: -Dcvj.test.requireGpu=true (no usable device
# fails them instead of skipping them) and its skip check (none of these tests may skip: none is multigpu).
# With $OUT: $OUT/gpu-test.log, $OUT/soak.log, $OUT/stress.log. Exit status 1 when any part failed.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
gpu=${CVJ_BUNDLE:-$root/.gpu}
out=${OUT:-/tmp/cvj-gpu-test}
mkdir -p "$out"
cycles=${CYCLES:-1000000}; soak_s=${SOAK_S:-170}; stress_min=${STRESS_MIN:-3}
fail=0

if [ "${SKIP_TESTS:-0}" != 1 ]; then
  CVJ_TEST_REPORTS=0 timeout 300 bash "$root/scripts/gpu-test.sh" --tag '!soak' \
    --class dev.cvj.reliability.BadInputFuzzGpuTest -- \
    --select-class=dev.cvj.reliability.FaultsGpuTest --select-class=dev.cvj.reliability.LeakSoakGpuTest \
    --select-class=dev.cvj.reliability.ConcurrencyStressGpuTest --select-class=dev.cvj.cuda.CleanerGpuTest \
    --select-class=dev.cvj.cuda.StickyErrorGpuTest || fail=1
fi

jre=${CVJ_JRE_DIR:-/tmp/cvj-jre}   # unpacked by gpu-test.sh
if [ ! -x "$jre/bin/java" ]; then mkdir -p "$jre" && tar -xJf "$gpu/jre.tar.xz" -C "$jre"; fi
java=("$jre/bin/java" --enable-native-access=ALL-UNNAMED -Xss2m "-XX:ErrorFile=$out/hs_err_pid%p.log" -cp "$gpu/lib/*")

echo "== soak: $cycles cycles, at most ${soak_s}s"
timeout $((soak_s + 60)) "${java[@]}" dev.cvj.reliability.SoakMain "$cycles" "$soak_s" 2>&1 | tee "$out/soak.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail=1

echo "== stress: $stress_min minutes"
timeout "$(awk "BEGIN {print int($stress_min * 60) + 120}")" "${java[@]}" dev.cvj.reliability.StressMain "$stress_min" 2>&1 \
  | tee "$out/stress.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail=1

echo "== gpu-reliability: $([ $fail = 0 ] && echo PASS || echo FAIL)"
exit $fail
