"""The Python half of cvj's CUDA IPC tests (dev.cvj.interop.CudaIpcPythonTest).

java-to-python:  python3 cvj_ipc_check.py --mode java-to-python --json DESC.json --expect VALUES.bin
    Opens Java's buffer with CuPy AND with PyTorch, checks both views against the raw little-endian
    values in VALUES.bin (what Java wrote), writes x * 2 + 1 through PyTorch, checks CuPy sees it,
    closes the handle, prints "OK ..." and exits 0 (1 on a mismatch).

java-to-python-peer:  python3 cvj_ipc_check.py --mode java-to-python-peer --json DESC.json --expect VALUES.bin --device 0
    As java-to-python, but opens the handle on --device (another GPU than the exporter's: the memory is
    reached through lazy peer access, cudaIpcMemLazyEnablePeerAccess). Reads it through a torch tensor on
    cuda:<device> and a CuPy array, writes x * 2 + 1 through CuPy, prints whether torch's tensor is a
    zero-copy view and "OK java-to-python-peer ...".

python-to-java:  python3 cvj_ipc_check.py --mode python-to-java --lib torch|cupy --shape 6,9 --expect VALUES.bin
    Allocates a float32 array after a small one (so it does not start its allocation), fills it with
    fresh random values, writes them to VALUES.bin, prints "JSON <descriptor>" on one line, then waits
    for one line on stdin (Java has written x * 2 + 1 and closed its mapping), checks the values,
    prints "OK ..." and exits 0 (1 on a mismatch).

Exit status 3 with "SKIP: reason" when PyTorch or CuPy is missing.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _imports(need):
    missing = []
    mods = {}
    for name in need:
        try:
            mods[name] = __import__(name)
        except Exception as e:  # ImportError, or a broken CUDA install
            missing.append(f"{name} ({e})")
    if missing:
        print("SKIP: cannot import " + ", ".join(missing), flush=True)
        sys.exit(3)
    return mods


def java_to_python(args):
    mods = _imports(["numpy", "torch", "cupy"])
    np, torch, cupy = mods["numpy"], mods["torch"], mods["cupy"]
    import cvj_ipc
    with open(args.json) as f:
        desc = f.read()
    with cvj_ipc.open_ipc(desc) as m:
        expected = np.fromfile(args.expect, dtype=np.dtype(m.typestr)).reshape(m.shape)
        a = m.cupy()
        t = m.torch()
        if a.data.ptr != m.ptr or t.data_ptr() != m.ptr:
            print(f"FAIL: views do not share memory: cupy {a.data.ptr:#x}, torch {t.data_ptr():#x}, ipc {m.ptr:#x}")
            return 1
        got_cupy = cupy.asnumpy(a)
        got_torch = t.cpu().numpy()
        if not np.array_equal(got_cupy, expected):
            print(f"FAIL: cupy view differs from what Java wrote: {np.count_nonzero(got_cupy != expected)} elements")
            return 1
        if not np.array_equal(got_torch, expected):
            print(f"FAIL: torch view differs from what Java wrote: {np.count_nonzero(got_torch != expected)} elements")
            return 1
        t.mul_(2).add_(1)
        torch.cuda.synchronize()
        want = expected * expected.dtype.type(2) + expected.dtype.type(1)
        if not np.array_equal(cupy.asnumpy(a), want):
            print("FAIL: cupy does not see the write made through torch")
            return 1
        del a, t
    print(f"OK java-to-python shape={list(expected.shape)} typestr={expected.dtype.str} offset={m.offset}", flush=True)
    return 0


def java_to_python_peer(args):
    mods = _imports(["numpy", "torch", "cupy"])
    np, torch, cupy = mods["numpy"], mods["torch"], mods["cupy"]
    import cvj_ipc
    with open(args.json) as f:
        desc = f.read()
    exporter = json.loads(desc)["device"]
    if exporter == args.device:
        print(f"FAIL: the export is on cuda:{exporter}, the same device as --device")
        return 1
    with cvj_ipc.open_ipc(desc, device=args.device) as m:
        expected = np.fromfile(args.expect, dtype=np.dtype(m.typestr)).reshape(m.shape)
        with cupy.cuda.Device(args.device):
            a = m.cupy()
            got_cupy = cupy.asnumpy(a)
        t = m.torch()
        torch_view = t.data_ptr() == m.ptr
        torch_device = str(t.device)
        got_torch = t.cpu().numpy()
        if not np.array_equal(got_cupy, expected):
            print(f"FAIL: cupy on cuda:{args.device} reads {np.count_nonzero(got_cupy != expected)} wrong elements")
            return 1
        if not np.array_equal(got_torch, expected):
            print(f"FAIL: torch on {t.device} reads {np.count_nonzero(got_torch != expected)} wrong elements")
            return 1
        with cupy.cuda.Device(args.device):
            a *= 2
            a += 1
            cupy.cuda.runtime.deviceSynchronize()
        del a, t
    print(f"OK java-to-python-peer exporter=cuda:{exporter} opened-on=cuda:{args.device} torch-device={torch_device} "
          f"torch-zero-copy-view={torch_view} shape={list(expected.shape)}", flush=True)
    return 0


def python_to_java(args):
    mods = _imports(["numpy", args.lib])
    np = mods["numpy"]
    import cvj_ipc
    shape = tuple(int(s) for s in args.shape.split(","))
    rng = np.random.default_rng()  # fresh entropy: new values every run
    values = rng.standard_normal(shape).astype(np.float32)
    values.tofile(args.expect)
    if args.lib == "torch":
        torch = mods["torch"]
        pad = torch.zeros(17, dtype=torch.float32, device="cuda")  # so the shared array is not at its block's base
        x = torch.from_numpy(values).to("cuda")
        torch.cuda.synchronize()
        read = lambda: x.cpu().numpy()
    else:
        cupy = mods["cupy"]
        pad = cupy.zeros(17, dtype=cupy.float32)
        x = cupy.asarray(values)
        cupy.cuda.runtime.deviceSynchronize()
        read = lambda: cupy.asnumpy(x)
    print("JSON " + cvj_ipc.export_to_java(x), flush=True)
    line = sys.stdin.readline()
    if not line:
        print("FAIL: Java closed stdin without answering", flush=True)
        return 1
    want = values * np.float32(2) + np.float32(1)
    got = read()
    del pad
    if not np.array_equal(got, want):
        print(f"FAIL: {np.count_nonzero(got != want)} of {got.size} elements differ from x * 2 + 1 after Java's write",
              flush=True)
        return 1
    print(f"OK python-to-java lib={args.lib} shape={list(shape)}", flush=True)
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", required=True, choices=["java-to-python", "java-to-python-peer", "python-to-java"])
    p.add_argument("--json")
    p.add_argument("--expect", required=True)
    p.add_argument("--lib", default="torch", choices=["torch", "cupy"])
    p.add_argument("--shape", default="6,9")
    p.add_argument("--device", type=int, default=0, help="java-to-python-peer: the GPU to open the handle on")
    args = p.parse_args()
    try:
        if args.mode == "java-to-python-peer":
            return java_to_python_peer(args)
        return java_to_python(args) if args.mode == "java-to-python" else python_to_java(args)
    except SystemExit:
        raise
    except Exception as e:
        print(f"FAIL: {type(e).__name__}: {e}", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
