#!/usr/bin/env bash
# cvj on a machine with two (or more) GPUs, from the .gpu bundle (scripts/gpu-bundle.sh), in one go (< 8 min):
#   1. nvidia-smi -L and nvidia-smi topo -m (how the GPUs are linked: NVLink, PCIe)
#   2. the tests tagged multigpu (scripts/gpu-test.sh --tag multigpu): tensors, operators and interop on
#      device 1 from a thread on device 0, peer copies, DLPack/fromCuda devices, IPC across devices
#   3. the one-GPU tests new with them (host/device operator mixes, the pre-processing sample on the GPU)
#   4. the scaling benchmarks: dev.cvj.bench.multi.ScalingBenchMain (the pre-processing chain, one pipeline per
#      GPU) and dev.cvj.bench.multi.DecodeScalingGpuMain (JPEG decode, one decoder per GPU): images/s on 1 and 2
#      GPUs, the ratio
# Everything goes to $OUT (default /tmp/cvj-gpu-multi): gpu-multi.log (all of it), gpu-test-multigpu.log,
# gpu-test-new.log, junit/TEST-junit-jupiter.xml (the multigpu run), scaling.csv, decode-scaling.csv.
#
#   bash scripts/gpu-multi.sh                               # bundle in .gpu/
#   CVJ_BUNDLE=.stage-multi bash .stage-multi/gpu-multi.sh  # a carried bundle (this script copied into it)
#
# Environment: CVJ_BUNDLE (bundle folder; default: this script's folder if it holds jre.tar.xz, else .gpu),
#   CVJ_SCALING_ARGS (extra arguments for ScalingBenchMain, e.g. "--batch 32 --seconds 1").
# NVLink multicast stays off: cvj never calls cuMulticastCreate, and anything started from here (the
# Python IPC peer) gets the variables below.
set -uo pipefail
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(pwd)
[ -f "$root/scripts/gpu-test.sh" ] || root=$(cd "$here/.." && pwd)
cd "$root"
if [ -n "${CVJ_BUNDLE:-}" ]; then bundle=$(cd "$CVJ_BUNDLE" && pwd)
elif [ -f "$here/jre.tar.xz" ]; then bundle=$here
else bundle=$root/.gpu; fi
export CVJ_BUNDLE=$bundle
export OUT=${OUT:-/tmp/cvj-gpu-multi}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-multi.log") 2>&1
tee_pid=$!
trap 'exec >&- 2>&-; wait "$tee_pid" 2>/dev/null' EXIT
start=$(date +%s)
stamp() { echo; echo "== [$(( $(date +%s) - start )) s] $*"; }

stamp "cvj gpu-multi on $(hostname), repo $root, bundle $bundle"
[ -f "$bundle/MANIFEST.txt" ] && head -1 "$bundle/MANIFEST.txt"
nvidia-smi -L || echo "nvidia-smi -L failed (rc $?)"
nvidia-smi topo -m || echo "nvidia-smi topo -m failed (rc $?)"
ngpu=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ')
echo "GPUs: $ngpu"

# The Python half of the IPC tests: the bundle's copy when it has one (newer than the tree's).
pydir=$root/python
[ -f "$bundle/python/cvj_ipc_check.py" ] && pydir=$bundle/python
export JAVA_OPTS="${JAVA_OPTS:-} -Dcvj.python.dir=$pydir"

stamp "1/4 tests tagged multigpu"
CVJ_TEST_LOG=gpu-test-multigpu.log timeout 300 bash "$root/scripts/gpu-test.sh" --tag multigpu --details tree
rc_multi=$?

stamp "2/4 one-GPU tests added with them (host/device mixes, the sample on the GPU)"
CVJ_TEST_LOG=gpu-test-new.log CVJ_TEST_REPORTS=0 timeout 150 bash "$root/scripts/gpu-test.sh" \
  --class dev.cvj.ops.OpsPlacementGpuTest -- --select-class dev.cvj.samples.PreprocessSampleGpuTest
rc_new=$?

stamp "3/4 scaling benchmark (one pipeline per GPU)"
jre=${CVJ_JRE_DIR:-/tmp/cvj-jre}
if [ ! -x "$jre/bin/java" ]; then
  mkdir -p "$jre" && tar -xJf "$bundle/jre.tar.xz" -C "$jre"
fi
# shellcheck disable=SC2086
timeout 200 "$jre/bin/java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -cp "$bundle/lib/*" \
  dev.cvj.bench.multi.ScalingBenchMain --seconds 1.5 --csv "$OUT/scaling.csv" ${CVJ_SCALING_ARGS:-}
rc_bench=$?

stamp "4/4 decode scaling benchmark (one decoder per GPU)"
timeout 150 "$jre/bin/java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true -cp "$bundle/lib/*" \
  dev.cvj.bench.multi.DecodeScalingGpuMain --csv "$OUT/decode-scaling.csv"
rc_decode=$?
[ "$rc_decode" -eq 0 ] || rc_bench=$rc_decode

stamp "done: multigpu tests rc=$rc_multi, new one-GPU tests rc=$rc_new, benchmark rc=$rc_bench"
grep -h ' passed, ' "$OUT/gpu-test-multigpu.log" "$OUT/gpu-test-new.log" 2>/dev/null | sed 's/^/  /'
[ "$rc_multi" -eq 0 ] && [ "$rc_new" -eq 0 ] && [ "$rc_bench" -eq 0 ]
