#!/usr/bin/env python3
"""Skip accounting of the GPU scripts (Python 3, standard library only): a GPU suite must not pass by skipping.

On a GPU machine the only tests allowed to skip are the multi-GPU ones (tagged multigpu: @RequiresGpus tags its
tests so) when the machine has fewer than 2 GPUs; on a machine with 2 or more the allowance is 0. A missing
driver is not a skip at all there: the scripts run with -Dcvj.test.requireGpu=true, which makes it a failure.

  skipcheck.py found LAUNCHER_OUTPUT
      The number in the last "[ N tests found ]" line of a JUnit console launcher `discover` run (prints 0 when
      there is none: nothing was selected).
  skipcheck.py gpus NVIDIA_SMI_L_OUTPUT [--visible LIST]
      The GPUs in the output of `nvidia-smi -L` ("GPU 0: ..." lines); with --visible (the value of
      CUDA_VISIBLE_DEVICES, when set and not empty) at most as many as that comma-separated list names.
  skipcheck.py check --skipped N --multigpu M --gpus G [--extra K [--extra-why TEXT]] [--what NAME]
      The verdict: at most (M if G < 2 else 0) + K tests may skip (TEXT says why K, default "--allow-skips").
      Prints one line, "NAME: skips OK: ..." or "NAME: FAILED: N tests skipped, at most A may (...)", and exits 0
      when the skips are within the allowance, 1 when there are more, 2 on bad arguments.
"""
import argparse
import re
import sys

# The least number of GPUs a multigpu test needs (@RequiresGpus(2) everywhere; see RequiresGpus' Javadoc).
MULTIGPU_NEEDS = 2


def found(text):
    """The tests found by a launcher `discover` run: the number of its last "[ N tests found ]" line, else 0."""
    hits = re.findall(r"^\[\s*(\d+)\s+tests found\s*\]", text, re.M)
    return int(hits[-1]) if hits else 0


def gpus(text, visible=None):
    """GPUs listed by `nvidia-smi -L`, capped by CUDA_VISIBLE_DEVICES' entries when that is set."""
    n = len(re.findall(r"^GPU \d+:", text, re.M))
    if visible is not None and visible.strip():
        n = min(n, len([v for v in visible.split(",") if v.strip()]))
    return n


def allowance(multigpu, gpu_count, extra=0):
    """How many tests may skip: the multigpu ones when the machine has too few GPUs for them, plus extra."""
    return (multigpu if gpu_count < MULTIGPU_NEEDS else 0) + extra


def verdict(skipped, multigpu, gpu_count, extra=0, what="gpu-test", extra_why="--allow-skips"):
    """(ok, line)."""
    allowed = allowance(multigpu, gpu_count, extra)
    why = f"{multigpu} multigpu test{'s' if multigpu != 1 else ''} on {gpu_count} GPU{'s' if gpu_count != 1 else ''}"
    why += " (they need 2)" if gpu_count < MULTIGPU_NEEDS else " (enough: none may skip)"
    if extra:
        why += f", + {extra} allowed by {extra_why}"
    if skipped > allowed:
        return False, (f"{what}: FAILED: {skipped} tests skipped, at most {allowed} may ({why}); "
                       "a GPU suite must not pass by skipping: see the skip reasons above")
    return True, f"{what}: skips OK: {skipped} skipped, at most {allowed} may ({why})"


def main(argv):
    p = argparse.ArgumentParser(prog="skipcheck.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("found")
    f.add_argument("output")
    g = sub.add_parser("gpus")
    g.add_argument("output")
    g.add_argument("--visible", default=None)
    c = sub.add_parser("check")
    for name in ("skipped", "multigpu", "gpus"):
        c.add_argument("--" + name, required=True, type=int)
    c.add_argument("--extra", type=int, default=0)
    c.add_argument("--extra-why", default="--allow-skips")
    c.add_argument("--what", default="gpu-test")
    try:
        a = p.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    if a.cmd == "found":
        with open(a.output, encoding="utf-8", errors="replace") as fh:
            print(found(fh.read()))
        return 0
    if a.cmd == "gpus":
        with open(a.output, encoding="utf-8", errors="replace") as fh:
            print(gpus(fh.read(), a.visible))
        return 0
    if min(a.skipped, a.multigpu, a.gpus, a.extra) < 0:
        print(f"{a.what}: skip check: negative count", file=sys.stderr)
        return 2
    ok, line = verdict(a.skipped, a.multigpu, a.gpus, a.extra, a.what, a.extra_why)
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
